"""One-page executive briefing (A4 PDF and PNG) of a prefecture's rollout: content from the database and
the analytics (content.py), layout with matplotlib (render.py). No streamlit here; pages/briefing.py calls it."""
