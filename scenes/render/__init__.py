"""Render machinery: ClipScene, cameras, merged outlines and their caches, freezing, in-place fades.

A clip author can ignore this package: clips subclass ``ClipScene`` and use widgets."""
