"""Interface strings of the analysis pages and the weekly report, one module per page (each a
`STRINGS` dict of key → {"zh": …, "en": …}); dashboard.i18n merges them and refuses a key defined
twice."""
