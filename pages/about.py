"""このデータについて: where the figures come from, how they are computed, and what is synthetic."""

from __future__ import annotations

import streamlit as st

from dashboard import settings, state
from dashboard.i18n import t
from data_access.documents import DOCUMENTS, document_title

ABOUT_JA = """
#### 出典の示し方
画面上のすべての値は、次のいずれかの出典を持ちます。表の行を選ぶか「出典」欄で確認できます。
- **資料（ファイル名と行番号）**: 自治体・都道府県が公表した資料から読み取った値です。資料フォルダが設置されていれば、該当行をその場で表示します。
- **取り込み（取り込み番号とファイル名）**: 担当者がテンプレートで登録した値です。取り込み履歴に、登録者・日時・ファイルのハッシュ値が残ります。
- **サンプル（合成データ）**: デモのために作った値です。黄色の斜体と「サンプル」の表示で区別し、サイドバーで非表示にできます。実際の数値として使わないでください。

#### サンプルで補っている部分
資料に合計しかない部分は、合計と矛盾しないサンプルで補っています。例えば宇都宮市の第2層協議体は「39地区中26地区で設置（令和2年12月24日時点）」が市の報告値で、どの地区かは公表資料にないため、地区ごとの設置日はサンプルです。地区名も清原地区以外はサンプルです。高知県の「令和3年度に移行準備事業を行う7市町」も、件数は資料の値、どの市町かはサンプルです。

#### 指標の計算方法
- **第2層協議体の設置率** = 設置済の地区数 ÷ 地区（日常生活圏域など）の数。年度末（当年度は本日）時点で数えます。市町村が報告した値がある年度は、その報告値を優先します。
- **終結率** = 終結件数 ÷（新規相談件数 ＋ 前年度からの継続件数）。区間は Wilson 法による95%信頼区間です。件数が少ない自治体ほど区間が広くなります。
- **人口1万人当たり新規相談件数**: 区間はポアソン分布による正確な95%信頼区間です。
- **年度**は4月から翌年3月まで（令和2年度 = 2020年4月〜2021年3月）です。年度途中までの値は「年度途中」と表示し、通年の値と混ぜません。
- 単位（件・世帯・人・回）の異なる数は合計しません。生活保護受給率の % と ‰ は明示的に換算します。

#### 自治体マスタ
全国地方公共団体コード（6桁、検査数字つき）と市区町村名・位置は、PyPI の japancode パッケージのデータを使用しています（政令指定都市の行政区を含む）。
"""

ABOUT_EN = """
#### How sources are shown
Every value has one source: a **document and line** (published material; the cited line is shown when the
documents are installed), an **import batch** (uploaded by an official, with user, time and file hash in the
audit log), or **synthetic** (invented for the demo; yellow italic with a 'Sample' badge, and can be hidden
from the sidebar). Never use synthetic values as real figures.

#### What is synthetic
Where documents give only totals, samples consistent with the totals fill the gap. Utsunomiya reported 26 of
39 districts with a tier-2 council as of 2020-12-24; which districts, and their dates, are samples (district
names other than Kiyohara too). Kochi's 7 municipalities in transition preparation in FY2021: the count is
real, which ones are samples.

#### Definitions
- **Tier-2 council coverage** = districts with a council set up ÷ districts, at fiscal-year end (today for
  the current year). A municipality's reported figure for the year takes precedence.
- **Closure rate** = closed ÷ (new + continuing cases), with a 95% Wilson interval.
- **New consultations per 10,000 residents**, with an exact Poisson 95% interval.
- **Fiscal year** runs April to March. Partial-year values are flagged and never mixed with full years.
- Counts of different units are never added; % and ‰ are converted explicitly.

#### Municipality master
Codes (6 digits with check digit), names and locations come from the japancode package on PyPI.
"""


def render() -> None:
    lang = state.lang()
    st.title(t("about_heading", lang))
    st.markdown(ABOUT_JA if lang == "ja" else ABOUT_EN)
    threshold = settings.suppression_threshold()
    st.markdown(f"#### {t('public_about_heading', lang)}")
    st.markdown(t("public_about_body", lang, max=threshold - 1, threshold=threshold))
    st.markdown(f"#### {t('open_data_about_heading', lang)}")
    st.markdown(t("open_data_about_body", lang))
    st.markdown("#### " + ("資料一覧" if lang == "ja" else "Documents"))
    for doc in DOCUMENTS.values():
        st.markdown(f"- {document_title(doc.file_name, lang)} (`{doc.file_name}`)")
