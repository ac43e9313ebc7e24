"""Work-arounds for what Streamlit draws itself and we cannot pass a word or an attribute to: the page language,
the names of its own controls (「Expand sidebar」, 「Clear all」 on a Japanese page), the list markup of its
navigation, grey captions below 4.5:1 and headings sized for their level.

One small script, installed once per tab, rewrites these attributes whenever Streamlit redraws them (a
MutationObserver, at most once per animation frame): the English word Streamlit wrote is kept in `data-st-word`, so
switching the language back and forth names each control from the catalogue again. Our own markup (tables, maps,
charts) carries its words from the catalogue already and is not touched: a change inside a plotly chart (比較's
scatter adds 1,733 points, frame after frame) starts no pass, and a pass reads the page once and writes only what
changed.
"""

from __future__ import annotations

import json

from core.i18n import t

# Streamlit's own words, as its frontend writes them in aria-label, title or placeholder -> catalogue key
WORDS = {
    "Expand sidebar": "st_expand_sidebar",
    "Collapse sidebar": "st_collapse_sidebar",
    "App pages": "st_app_pages",
    "Sidebar": "st_sidebar",
    "Open": "st_open",
    "Clear all": "st_clear_all",
    "Selected values": "st_selected_values",
    "Copy to clipboard": "st_copy",
    "Fullscreen": "st_fullscreen",
    "Close fullscreen": "st_close_fullscreen",
    "Link to heading": "st_heading_link",
    "Choose an option": "st_choose",
    "Choose options": "st_choose_many",
    "Upload": "st_upload",
    "Browse files": "st_browse_files",
    "Drag and drop file here": "st_drop_file",
    "streamlit_folium.st_folium": "st_map_frame",
}
# words Streamlit writes before a name of ours: 「Remove 宇都宮市」, 「Help for 年度」 -> key with {name}
PREFIXES = {"Remove ": "st_remove", "Help for ": "st_help_for"}
ATTRIBUTES = ("aria-label", "title", "placeholder")
# visible words of Streamlit's controls (the file uploader's button and hint): leaf elements with exactly this text
TEXT_PLACES, TEXT_TAGS = '[data-testid="stFileUploader"]', "span, button, small"

# Streamlit draws captions at 60 % opacity (#828180, 3.88:1 on white); #5e5d5c at full opacity is 6.4:1 on white
# and 5.8:1 on the sidebar's grey.
# Section headings are <h2> (after the page's <h1>), drawn at the size Streamlit gives a subheader.
STYLE = """<style>
[data-testid="stCaptionContainer"]{opacity:1}
[data-testid="stCaptionContainer"],[data-testid="stCaptionContainer"] p{color:#5e5d5c}
[data-testid="stMain"] h2{font-size:1.6rem;padding-top:1rem}
[data-testid="stMain"] [data-testid="stExpander"] h2{font-size:1.25rem}
</style>"""

SCRIPT = """
window.stWords = __WORDS__;
document.documentElement.lang = __LANG__;
if (!window.stWordsInstalled) {
  window.stWordsInstalled = true;
  const attributes = __ATTRIBUTES__;
  const word = (english) => {
    const words = window.stWords;
    if (english in words.exact) return words.exact[english];
    for (const [prefix, template] of Object.entries(words.prefixes)) {
      if (english.startsWith(prefix)) return template.replace("{name}", english.slice(prefix.length));
    }
    return null;
  };
  // an attribute written only when it differs: writing the same value is still a change the observer sees, and
  // a pass that always writes one starts the next pass, at every animation frame for as long as the tab is open
  const set = (element, attribute, value) => {
    if (element.getAttribute(attribute) !== value) element.setAttribute(attribute, value);
  };
  const rename = (element, attribute) => {
    const key = "stWord" + attribute.replace(/(^|-)([a-z])/g, (m, d, c) => c.toUpperCase());
    const current = element.getAttribute(attribute);
    if (current === null) return;
    // Streamlit may write its English word again on a redraw: that becomes the original
    if (!(key in element.dataset) || current !== element.dataset[key + "Shown"]) element.dataset[key] = current;
    const shown = word(element.dataset[key]);
    if (shown !== null) set(element, attribute, shown);
    const kept = shown === null ? current : shown;
    if (element.dataset[key + "Shown"] !== kept) element.dataset[key + "Shown"] = kept;
  };
  const navigation = () => {
    // Streamlit puts each section's header and links in a div inside the list itself: the section is the list
    const list = document.querySelector('[data-testid="stSidebarNavItems"]');
    if (!list) return;
    set(list, "role", "none");
    for (const section of list.children) {
      if (section.tagName !== "DIV") continue;
      set(section, "role", "list");
      const header = section.querySelector('[data-testid="stNavSectionHeader"]');
      if (header) {
        // its name only: the header also holds the fold icon's ligature (expand_more)
        const name = header.querySelector('[data-testid="stMarkdownContainer"]') || header;
        set(section, "aria-label", name.textContent.trim());
        set(header, "aria-hidden", "true");
      }
    }
  };
  const texts = () => {
    for (const place of document.querySelectorAll(__TEXT_PLACES__)) {
      for (const element of place.querySelectorAll(__TEXT_TAGS__)) {
        const text = element.firstChild;  // the text node React owns: its value changes, the node stays
        if (element.childNodes.length !== 1 || text.nodeType !== Node.TEXT_NODE) continue;
        if (!("stWordText" in element.dataset) || text.nodeValue !== element.dataset.stWordTextShown)
          element.dataset.stWordText = text.nodeValue;
        const shown = word(element.dataset.stWordText);
        if (shown !== null && shown !== text.nodeValue) text.nodeValue = shown;
        if (element.dataset.stWordTextShown !== text.nodeValue) element.dataset.stWordTextShown = text.nodeValue;
      }
    }
  };
  const named = attributes.map((attribute) => "[" + attribute + "]").join(",");
  let pending = false;
  const pass = () => {
    pending = false;
    for (const element of document.querySelectorAll(named))
      for (const attribute of attributes) rename(element, attribute);
    navigation();
    texts();
  };
  window.stWordsPass = pass;
  // plotly's charts name their mode bar from the locale they are given: what they draw needs no pass
  const inChart = (record) => record.target.closest && record.target.closest(".js-plotly-plot") !== null;
  new MutationObserver((records) => {
    if (!pending && !records.every(inChart)) { pending = true; requestAnimationFrame(pass); }
  }).observe(document.body, {subtree: true, childList: true, attributes: true, attributeFilter: attributes});
}
window.stWordsPass();
"""


def script(lang: str) -> str:
    """The work-around script's JavaScript with the words of `lang` (run again when the language changes), to go
    inside the page's one <script> element: st.html runs only the first one of an element."""
    words = {
        "exact": {english: t(key, lang) for english, key in WORDS.items()},
        "prefixes": {prefix: t(key, lang, name="{name}") for prefix, key in PREFIXES.items()},
    }
    return (
        SCRIPT.replace("__WORDS__", json.dumps(words, ensure_ascii=False))
        .replace("__LANG__", json.dumps(lang))
        .replace("__ATTRIBUTES__", json.dumps(list(ATTRIBUTES)))
        .replace("__TEXT_PLACES__", json.dumps(TEXT_PLACES))
        .replace("__TEXT_TAGS__", json.dumps(TEXT_TAGS))
    )
