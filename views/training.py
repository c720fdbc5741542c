"""/training analysis page (being built: issue #5). Layout only; figures come from dashboard."""

from dashboard import analysis_page

ctx = analysis_page.setup("nav_training")
