"""Package data: frameworks, templates. Read through importlib.resources."""
