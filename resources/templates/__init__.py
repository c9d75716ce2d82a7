"""Built-in .docx / .xlsx templates, produced by exporters/build_templates.py."""
