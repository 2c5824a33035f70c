"""The project command ``python -m scenes``.

Clip registry, CLI, batch renders, render processes, gallery.
"""
