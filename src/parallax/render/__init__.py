"""Rendering: human-readable views of the data model (terminal report; later Markdown and HTML)."""
