"""The Streamlit front end: language switch and navigation; the pages are in ui/views/.

Run with `cacfilings ui` (or `python -m streamlit run ui/app.py`). Pages: search (the default,
at /), company (/company?company=… or ?group=…), overview (/overview) and one filing
(/filing?no=…); `?lang=en` switches the labels.
"""

import streamlit as st

from ui.labels import text
from ui.widgets import PAGES, language_picker

st.set_page_config(page_title="CAC algorithm filings · 网信办算法备案", layout="wide")
lang = language_picker()
pages = [
    st.Page(PAGES["search"], title=text(lang, "page_search"), url_path="search", default=True),
    st.Page(PAGES["company"], title=text(lang, "page_company"), url_path="company"),
    st.Page(PAGES["overview"], title=text(lang, "page_overview"), url_path="overview"),
    st.Page(PAGES["filing"], title=text(lang, "page_filing"), url_path="filing"),
]
st.navigation(pages).run()
