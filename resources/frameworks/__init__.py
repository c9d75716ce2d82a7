"""Scoring framework files (JSON)."""
