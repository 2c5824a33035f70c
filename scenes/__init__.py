"""Manim scenes: each clip of the storyboard, plus the project CLI (``python -m scenes``)."""
