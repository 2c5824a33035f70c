"""Receptive fields of a convolutional network, derived from its own kernels."""

from __future__ import annotations

import numpy as np

from .conv import ConvNetwork


def receptive_field(
    net: ConvNetwork, layer: int, row: int, col: int, channel: int | None = None
) -> np.ndarray:
    """The input pixels on which a neuron of a convolutional layer depends.

    Derived from the network's own kernels, not from the textbook formula:
    a one-hot at the neuron is propagated down through the *supports* of the
    kernels (their nonzero entries). An input pixel counts when some chain of
    nonzero kernel entries connects it to the neuron; with no zero entries
    that is the ``(L(k-1)+1)``-square below the neuron (5 x 5 at layer 2 of
    3 x 3 kernels), and a kernel entry set exactly to zero can shrink it.
    ReLUs are ignored: this is what the neuron can depend on, whichever units
    happen to be active for a given image.

    Parameters
    ----------
    net
        The network.
    layer
        Convolutional layer, 1-based (1 is the first convolution).
    row, col
        Position of the neuron in that layer's map.
    channel
        Which map; ``None`` (default): the union over all the layer's maps
        at that position.

    Returns
    -------
    numpy.ndarray
        ``bool``, shape ``net.input_shape`` (28 x 28).
    """
    shapes = net.map_shapes
    for name, value in (("layer", layer), ("row", row), ("col", col)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
            raise ValueError(f"{name} must be an integer, got {value!r}")
    if not 1 <= layer <= net.n_layers:
        raise ValueError(f"layer must lie in 1..{net.n_layers}, got {layer}")
    c, h, w = shapes[layer - 1]
    if not (0 <= row < h and 0 <= col < w):
        raise ValueError(
            f"layer {layer} maps are {h} x {w}: row and col must lie in 0..{h - 1} and "
            f"0..{w - 1}, got ({row}, {col})"
        )
    mask = np.zeros((c, h, w), dtype=bool)
    if channel is None:
        mask[:, row, col] = True
    else:
        if isinstance(channel, bool) or not isinstance(channel, (int, np.integer)):
            raise ValueError(f"channel must be an integer or None, got {channel!r}")
        if not 0 <= channel < c:
            raise ValueError(f"channel must lie in 0..{c - 1}, got {channel}")
        mask[channel, row, col] = True
    k = net.kernel
    for index in range(layer - 1, -1, -1):
        support = (net.kernels[index] != 0).astype(float)  # (C_out, C_in, k, k)
        hh, ww = mask.shape[1:]
        below = np.zeros((support.shape[1], hh + k - 1, ww + k - 1))
        dep = mask.astype(float)
        # Neuron (co, y, x) reads (ci, y + i, x + j) through K[co, ci, i, j]:
        # scatter every marked neuron to its inputs, one offset at a time.
        # Counts of paths are non-negative, so "> 0" is "some path exists".
        for i in range(k):
            for j in range(k):
                below[:, i : i + hh, j : j + ww] += np.einsum(
                    "ohw,oc->chw", dep, support[:, :, i, j]
                )
        mask = below > 0
    return mask[0]
