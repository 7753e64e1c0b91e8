"""Trained models shipped with Parallax (each folder has its MODEL_CARD.md)."""
