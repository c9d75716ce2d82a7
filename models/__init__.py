"""The report as exact, checked data. Never imports Qt or gui."""
