"""Interface strings, one module per page or part (each a `STRINGS` dict of key → {"zh": …,
"en": …}): common, inventory, maps, briefing, console, access, analysis (the analysis pages'
shared frame), incidents, resolution, workload, training, report. dashboard.core.i18n merges them and
refuses a key defined twice."""
