"""Drawing pieces clips share, one module per family.

Text, plots, images, formulas, the network diagram, the 3-D surface.
"""
