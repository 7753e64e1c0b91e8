"""Parallax: many articles about one event, from opposing sides, read with receipts."""

__version__ = "0.1.0"

from .model import Article  # noqa: E402
from .pipeline import read_raw, read_text  # noqa: E402

__all__ = ["Article", "read_raw", "read_text", "__version__"]
