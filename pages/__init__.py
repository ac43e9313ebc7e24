"""The screens, one module each: widgets and calls into the layers below, no SQL and no statistics.

`SCREENS` is the app's navigation in order (section, title, icon, URL path, public section, role); the entry point
app/streamlit_app.py hands it to dashboard.navigation.
"""

from dashboard.navigation import Screen
from pages import (
    about,
    briefing,
    compare,
    councils,
    data_import,
    district_upload,
    outcomes,
    overview,
    profile,
    review,
    rollout_map,
    sources,
    users,
)

SCREENS = (
    Screen("section_overall", overview.render, "page_overview", ":material/dashboard:", "", "section_overall"),
    Screen("section_overall", rollout_map.render, "page_map", ":material/map:", "map", "section_overall"),
    Screen("section_overall", outcomes.render, "outcomes_page", ":material/monitoring:", "outcomes", "section_overall"),
    Screen(
        "section_overall", compare.render, "compare_page", ":material/compare_arrows:", "compare", "section_overall"
    ),
    Screen(
        "section_overall", briefing.render, "briefing_page", ":material/picture_as_pdf:", "briefing", "section_overall"
    ),
    Screen("section_overall", about.render, "page_about", ":material/info:", "about", "section_overall"),
    Screen(
        "section_municipality",
        profile.render,
        "profile_page",
        ":material/person_pin_circle:",
        "profile",
        "section_municipality",
    ),
    Screen(
        "section_municipality",
        councils.render,
        "page_councils",
        ":material/groups:",
        "councils",
        "section_municipality",
    ),
    Screen("section_data", sources.render, "page_sources", ":material/library_books:", "sources", "section_overall"),
    Screen(
        "section_data",
        data_import.render,
        "data_import_title",
        ":material/upload:",
        "data-import",
        None,
        "editor",
        data_import.render_templates,
    ),
    Screen("section_data", review.render, "review_title", ":material/fact_check:", "review", None, "editor"),
    Screen(
        "section_data",
        district_upload.render,
        "page_district_upload",
        ":material/upload_file:",
        "district-boundaries",
        None,
        "editor",
    ),
    Screen("section_data", users.render, "auth_users_title", ":material/manage_accounts:", "users", None, "admin"),
)
