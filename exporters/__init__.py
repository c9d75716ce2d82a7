"""Report -> .docx / .xlsx. Imports models only, never Qt or gui."""
