"""Work-arounds for what Streamlit draws itself and we cannot pass a word or an attribute to: the page language,
the names of its own controls (「Expand sidebar」, 「Clear all」 on a Japanese page), the list markup of its
navigation, grey captions below 4.5:1 and headings sized for their level.

One small script, installed once per tab, rewrites these attributes whenever Streamlit redraws them (a
MutationObserver, at most once per animation frame): the English word Streamlit wrote is kept in `data-st-word`, so
switching the language back and forth names each control from the catalogue again. Our own markup (tables, maps,
charts) carries its words from the catalogue already and is not touched.
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
TEXT_PLACES = ", ".join(f'[data-testid="stFileUploader"] {tag}' for tag in ("span", "button", "small"))

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
  const rename = (element, attribute) => {
    const key = "stWord" + attribute.replace(/(^|-)([a-z])/g, (m, d, c) => c.toUpperCase());
    const current = element.getAttribute(attribute);
    if (current === null) return;
    // Streamlit may write its English word again on a redraw: that becomes the original
    if (!(key in element.dataset) || current !== element.dataset[key + "Shown"]) element.dataset[key] = current;
    const shown = word(element.dataset[key]);
    if (shown !== null && shown !== current) element.setAttribute(attribute, shown);
    element.dataset[key + "Shown"] = shown === null ? current : shown;
  };
  const navigation = () => {
    // Streamlit puts each section's header and links in a div inside the list itself: the section is the list
    const list = document.querySelector('[data-testid="stSidebarNavItems"]');
    if (!list) return;
    list.setAttribute("role", "none");
    for (const section of list.children) {
      if (section.tagName !== "DIV") continue;
      section.setAttribute("role", "list");
      const header = section.querySelector('[data-testid="stNavSectionHeader"]');
      if (header) {
        section.setAttribute("aria-label", header.textContent.trim());
        header.setAttribute("aria-hidden", "true");
      }
    }
  };
  const texts = () => {
    for (const element of document.querySelectorAll(__TEXT_PLACES__)) {
      const text = element.firstChild;  // the text node React owns: its value changes, the node stays
      if (element.childNodes.length !== 1 || text.nodeType !== Node.TEXT_NODE) continue;
      if (!("stWordText" in element.dataset) || text.nodeValue !== element.dataset.stWordTextShown)
        element.dataset.stWordText = text.nodeValue;
      const shown = word(element.dataset.stWordText);
      if (shown !== null && shown !== text.nodeValue) text.nodeValue = shown;
      element.dataset.stWordTextShown = text.nodeValue;
    }
  };
  let pending = false;
  const pass = () => {
    pending = false;
    for (const attribute of attributes)
      for (const element of document.querySelectorAll("[" + attribute + "]")) rename(element, attribute);
    navigation();
    texts();
  };
  window.stWordsPass = pass;
  new MutationObserver(() => {
    if (!pending) { pending = true; requestAnimationFrame(pass); }
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
    )
