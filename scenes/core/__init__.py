"""What clips stand on: parameters, themes, the trajectory cache and shared training runs.

No drawing.
"""
