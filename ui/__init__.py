"""The Streamlit front end: app.py routes to the pages in views/; the logic is in modules here."""
