"""The pages of the Streamlit app (scripts run by st.navigation in ui/app.py)."""
