"""Smoke tests in headless Chromium: every page in both languages, permalinks, phone width, samples,
and a broken DATABASE_URL. Screenshots go to build/screenshots/ for a human to look at."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlparse

import pytest

from core.domain import fiscal_year_label
from core.i18n import LANGUAGES, t
from ops.browser import (
    CHART,
    FILE_UPLOADER,
    LOGIN_FORM,
    MAIN,
    TABLE,
    assert_no_exception,
    choose_in_sidebar,
    click_and_wait,
    expect_visible,
    log_in,
    open_app,
    open_in_sidebar,
    screenshot,
)
from pages.outcomes import VIEWS as OUTCOME_VIEWS
from tests.browser.streamlit_helpers import served_app
from tests.dashboard.auth_helpers import PASSWORD

VIEW = {"pref": "09", "fy": "2020"}  # 栃木県, 令和2年度: the demo's most complete view
IMAGE = '[data-testid="stImage"] img'
HEADING = '[data-testid="stMain"] h1'
ALERT = '[data-testid="stAlert"]'

# Streamlit serves the default page (概要, st.Page(default=True)) at "/" only; a path it does not know runs
# the main page under a "Page not found" dialog (and logs a console error), which every test rules out.
PAGE_NOT_FOUND = "Page not found"


@dataclass(frozen=True)
class AppPage:
    """One page of the app and what must be on screen once it has run."""

    name: str
    path: str
    params: dict[str, str] = field(default_factory=dict)
    elements: tuple[str, ...] = ()  # selectors that must be visible
    heading: dict[str, str] = field(default_factory=dict)  # lang -> text the h1 must contain
    allowed_console: tuple[str, ...] = ()
    user: str | None = None  # a TEST_ACCOUNTS login for a gated screen (it shows a login form until then)
    # drop-downs worded in the reader's language: (catalogue key of the label, catalogue key of the choice shown)
    choices: tuple[tuple[str, str], ...] = ()


# Add a row per new page (e.g. AppPage("map", "map", elements=(...), heading={...})).
PAGES = [
    AppPage(
        "overview",
        "",
        elements=(TABLE,),
        heading={"ja": "栃木県 概要", "en": "Tochigi"},
        choices=(("detail_choose", "detail_none"),),
    ),
    AppPage(
        "councils",
        "councils",
        params={"muni": "092011"},
        elements=(CHART, TABLE),
        heading={"ja": "宇都宮市", "en": "宇都宮市"},
    ),
    AppPage("sources", "sources", elements=(TABLE,), heading={"ja": "出典・取り込み履歴", "en": "Sources and imports"}),
    AppPage("about", "about", heading={"ja": "このデータについて", "en": "About the data"}),
    AppPage("map", "map", elements=("iframe",), heading={"ja": "栃木県 地図", "en": "Tochigi Map"}),
    AppPage("outcomes", "outcomes", elements=(TABLE,), heading={"ja": "相談", "en": "onsultation"}),
    AppPage(
        "outcomes-bars",
        "outcomes",
        params={"outcomes_view": "bars"},
        elements=(CHART,),
        heading={"ja": "相談", "en": "onsultation"},
    ),
    AppPage(
        "outcomes-funnel",
        "outcomes",
        params={"outcomes_view": "funnel"},
        elements=(CHART,),
        heading={"ja": "相談", "en": "onsultation"},
    ),
    AppPage(
        "outcomes-trend",
        "outcomes",
        params={"outcomes_view": "trend"},
        elements=(CHART,),
        heading={"ja": "相談", "en": "onsultation"},
    ),
    AppPage(
        "briefing",
        "briefing",
        elements=(IMAGE,),
        heading={"ja": "ブリーフィング", "en": "riefing"},
        choices=(("briefing_municipality", "briefing_whole_prefecture"),),
    ),
    AppPage(
        "compare",
        "compare",
        params={"cmp": "092011,342025,392014"},
        elements=(CHART, TABLE),
        heading={"ja": "比較", "en": "ompar"},
    ),
    AppPage(
        "profile",
        "profile",
        params={"profile": "092011"},
        elements=(CHART,),
        heading={"ja": "宇都宮市", "en": "宇都宮市"},
    ),
    AppPage(
        "data-import",
        "data-import",
        elements=(FILE_UPLOADER,),
        heading={"ja": "データの取り込み", "en": "mport"},
        user="editor1",
        choices=(("data_import_kind", "data_import_auto"),),
    ),
    AppPage("review", "review", heading={"ja": "成果値のレビュー", "en": "Review of outcome values"}, user="editor1"),
    AppPage(
        "district-boundaries",
        "district-boundaries",
        params={"muni": "092011"},
        elements=(FILE_UPLOADER,),
        heading={"ja": "地区境界の取り込み", "en": "District boundaries"},
        user="editor1",
    ),
    AppPage("users", "users", elements=(TABLE,), heading={"ja": "利用者", "en": "Users"}, user="admin1"),
]
LANGS = ["ja", "en"]
LANGUAGE = t("language", "ja")  # the sidebar's drop-down


def assert_clean(page, page_log, allowed_console: tuple[str, ...] = ()) -> None:
    assert_no_exception(page)
    assert page.get_by_text(PAGE_NOT_FOUND, exact=True).count() == 0, f"'Page not found' dialog (URL now {page.url})"
    assert page_log.blocked_urls == [], f"requests outside localhost: {page_log.blocked_urls}"
    assert page_log.page_errors == [], f"uncaught errors in the page: {page_log.page_errors}"
    assert page_log.http_errors == [], f"server errors: {page_log.http_errors}"
    assert page_log.unexpected_console_errors(allowed_console) == []


PAGE = {app_page.name: app_page for app_page in PAGES}
# The screens walked on one page each, as a reader moves: the first opened from a link (its URL and parameters), the
# next from the sidebar, or from the view buttons for another view of the same screen. The gated screens are walked
# logged out first (each shows its login form), then again after one login.
WALKS = [
    ("overview", "sources", "about", "map", "briefing"),
    ("councils",),
    ("outcomes", "outcomes-bars", "outcomes-funnel", "outcomes-trend"),
    ("compare",),
    ("profile",),
    ("data-import", "review", "district-boundaries"),
    ("users",),
]


def test_every_screen_is_walked_once():
    walked = [name for walk in WALKS for name in walk]
    assert sorted(walked) == sorted(PAGE) and len(set(walked)) == len(walked)


@pytest.mark.parametrize("walk", WALKS, ids="+".join)
def test_page_renders_in_both_languages(page, page_log, app_server, walk: tuple[str, ...]):
    """Each screen in the language the walk arrived in, then switched in place to the other, as a reader would; a
    gated screen shows its login form first."""
    screens = [PAGE[name] for name in walk]
    first = screens[0]
    lang = "ja"
    params = {k: v for screen in screens if screen.path != first.path for k, v in screen.params.items()}
    open_app(page, app_server, first.path, **VIEW, **first.params, **params, lang=lang)
    if first.user:
        for number, app_page in enumerate(screens):
            if number:
                _go_to(page, screens[number - 1], app_page)
            assert_login_form(page, page_log, app_page)
        log_in(page, first.user, PASSWORD)
        if len(screens) > 1:
            _go_to(page, screens[-1], first)
    for number, app_page in enumerate(screens):
        if number:
            _go_to(page, screens[number - 1], app_page)
        for switch in (True, False):
            assert_no_exception(page)
            for selector in app_page.elements:  # visible ones only: the curve's table sits in a collapsed expander
                expect_visible(page, selector)
            heading = expect_visible(page, HEADING)
            assert app_page.heading[lang] in heading.inner_text(), (app_page.name, lang)
            year = page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').filter(
                has_text=t("fiscal_year", lang)
            )
            query = {key: values[-1] for key, values in parse_qs(urlparse(page.url).query).items()}
            shown = year.locator("input").input_value()  # the chosen year, in the language switched to
            assert shown == fiscal_year_label(int(query["fy"]), lang), (app_page.name, lang)
            for label, choice in app_page.choices:
                box = page.locator(f'{MAIN} [data-testid="stSelectbox"]').filter(
                    has=page.get_by_text(t(label, lang), exact=True)
                )
                assert box.locator("input").input_value() == t(choice, lang), (app_page.name, lang, label)
            assert query | {"lang": lang} | app_page.params == query, (app_page.name, page.url)  # the URL says it
            assert_clean(page, page_log, app_page.allowed_console)
            screenshot(page, f"{app_page.name}_{lang}")
            if switch:
                lang = "en" if lang == "ja" else "ja"
                choose_in_sidebar(page, LANGUAGE, LANGUAGES[lang])


def _go_to(page, shown: AppPage, app_page: AppPage) -> None:
    """From the screen shown to `app_page`: another view of the same screen by its button, else the sidebar."""
    if app_page.path == shown.path:
        view = app_page.params["outcomes_view"]
        click_and_wait(page, page.locator('[data-testid="stButtonGroup"] button').nth(OUTCOME_VIEWS.index(view)))
    else:
        open_in_sidebar(page, app_page.path)


def assert_login_form(page, page_log, app_page: AppPage) -> None:
    """Only the login form where a gated screen would be, and no way to upload."""
    expect_visible(page, HEADING)
    # a screen with an open part (データの取り込み: the blank templates) keeps its title, the login under it
    login_heading = "h2" if app_page.path == "data-import" else "h1"
    assert "ログインが必要です" in page.locator(f'[data-testid="stMain"] {login_heading}').all_inner_texts()
    form = expect_visible(page, LOGIN_FORM)
    assert form.get_by_label("ユーザー名").count() == 1 and form.get_by_label("パスワード").count() == 1
    assert page.locator(FILE_UPLOADER).count() == 0
    assert page.locator("input[type=file]").count() == 0
    assert_clean(page, page_log, app_page.allowed_console)


@pytest.mark.parametrize("lang", LANGS)
def test_permalink_keeps_view(page, page_log, app_server, lang):
    from playwright.sync_api import expect

    open_app(page, app_server, "councils", **VIEW, muni="092011", lang=lang)
    expect_visible(page, HEADING)

    url = urlparse(page.url)
    query = {k: v[-1] for k, v in parse_qs(url.query).items()}
    assert url.path == "/councils"
    assert query["pref"] == "09"
    assert query["fy"] == "2020"
    assert query["muni"] == "092011"
    assert query["lang"] == lang
    assert "宇都宮市" in page.locator(HEADING).first.inner_text()
    assert t("page_overview", lang) in page.locator('[data-testid="stSidebarNav"]').inner_text()  # in `lang`
    # a list named for its section, for screen readers (dashboard/a11y.py names it at the frame after it is drawn)
    expect(page.locator("[data-testid=stSidebarNavItems] > div").first).to_have_attribute(
        "aria-label", t("section_overall", lang)
    )
    assert_clean(page, page_log)


def test_phone_width(page, page_log, app_server):
    page.set_viewport_size({"width": 390, "height": 844})
    open_app(page, app_server, "", **VIEW, lang="ja")

    heading = expect_visible(page, HEADING)
    assert "栃木県 概要" in heading.inner_text()
    assert_clean(page, page_log)
    screenshot(page, "overview_ja_phone")


def test_samples_hidden(page, page_log, app_server):
    open_app(page, app_server, "", **VIEW, lang="ja", sample="0")

    assert_no_exception(page)
    expect_visible(page, 'text="サンプル（合成データ）は非表示です。"')
    assert page.locator(ALERT).filter(has_text="サンプル（合成データ）").count() == 0
    assert_clean(page, page_log)


def test_samples_shown(page, page_log, app_server):
    open_app(page, app_server, "", **VIEW, lang="ja", sample="1")

    assert_no_exception(page)
    expect_visible(page, f'{ALERT}:has-text("サンプル（合成データ）")')
    assert page.get_by_text("サンプル（合成データ）は非表示です。", exact=True).count() == 0
    assert_clean(page, page_log)


def test_table_sorts_by_a_clicked_heading(page, page_log, app_server):
    """Numbers sort by value (5,000 after 900), a second click reverses, aria-sort says which way."""
    open_app(page, app_server, "", **VIEW, lang="ja")
    table = expect_visible(page, TABLE)
    heading = table.get_by_role("columnheader", name="人口", exact=True)
    column = table.locator("thead th").evaluate_all("(ths, h) => ths.findIndex(th => th.textContent === h)", "人口")

    def populations() -> list[float]:
        texts = table.locator(f"tbody tr td:nth-child({column + 1})").all_inner_texts()
        return [float(text.replace(",", "")) for text in texts if text != "—"]

    assert populations() != sorted(populations())  # the page lists municipalities by code
    heading.get_by_role("button").click()
    assert heading.get_attribute("aria-sort") == "ascending" and populations() == sorted(populations())
    heading.get_by_role("button").click()
    assert heading.get_attribute("aria-sort") == "descending"
    assert populations() == sorted(populations(), reverse=True)
    assert_clean(page, page_log)


@pytest.fixture(scope="module")
def broken_server():
    """The app pointed at a PostgreSQL server that does not exist (nothing listens on port 1)."""
    with served_app(demo=False, database_url="postgresql+psycopg://app@127.0.0.1:1/none") as url:
        yield url


def test_bad_database_url_explained_in_japanese(page, page_log, broken_server):
    open_app(page, broken_server, "", lang="ja")

    alert = expect_visible(page, f'{ALERT}:has-text("DATABASE_URL")')
    message = alert.inner_text()
    assert "接続できません" in message
    body = page.locator("body").inner_text()
    assert "Traceback" not in body
    assert 'File "' not in body
    assert_no_exception(page)
    assert page_log.blocked_urls == []
    screenshot(page, "bad_database_url_ja")
