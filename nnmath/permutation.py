"""Shuffled pixels: one fixed permutation applied to every image.

A fully connected network does not know which pixels are neighbours: trained
on images whose pixels are all shuffled the same way, it learns exactly as
well (:func:`permute_first_layer` shows it is the same network with its first
weight matrix's columns reordered). A convolutional network relies on
neighbourhoods and loses most of its advantage. These helpers make that
experiment: :func:`pixel_permutation` draws the shuffle, :func:`permute_pixels`
applies it, and ``train_classifier(..., permutation=...)`` trains on it.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .network import Network

__all__ = [
    "N_PIXELS",
    "check_permutation",
    "permute_first_layer",
    "permute_pixels",
    "pixel_permutation",
]

#: Pixels of a 28 x 28 digit image.
N_PIXELS = 28 * 28


def pixel_permutation(seed: int, n_pixels: int = N_PIXELS) -> np.ndarray:
    """A fixed shuffle of the pixel indices ``0..n_pixels-1``, the same for the same seed.

    Returns
    -------
    numpy.ndarray
        ``int64``, shape ``(n_pixels,)``: pixel ``i`` of a permuted image is
        pixel ``permutation[i]`` of the original.
    """
    return np.random.default_rng(seed).permutation(n_pixels).astype(np.int64)


def check_permutation(permutation: Sequence[int] | np.ndarray, n: int = N_PIXELS) -> np.ndarray:
    """``permutation`` as ``int64`` if it is a permutation of ``0..n-1``, else ValueError."""
    perm = np.asarray(permutation)
    if perm.shape != (n,) or not np.issubdtype(perm.dtype, np.integer):
        raise ValueError(
            f"a pixel permutation must be {n} integers, got {perm.dtype} of shape {perm.shape}"
        )
    perm = perm.astype(np.int64)
    if not np.array_equal(np.sort(perm), np.arange(n)):
        raise ValueError(f"not a permutation of 0..{n - 1}: some index is missing or repeated")
    return perm


def permute_pixels(images: np.ndarray, permutation: Sequence[int] | np.ndarray) -> np.ndarray:
    """Every image with its pixels reordered by the same ``permutation``.

    Parameters
    ----------
    images
        Rows of pixels, ``(N, P)``, or one image ``(P,)``.
    permutation
        A permutation of ``0..P-1``: pixel ``i`` of a result is pixel
        ``permutation[i]`` of the image.

    Returns
    -------
    numpy.ndarray
        A new array of the same shape and dtype.
    """
    x = np.asarray(images)
    if x.ndim not in (1, 2):
        raise ValueError(f"images must have shape (N, P) or (P,), got {x.shape}")
    perm = check_permutation(permutation, x.shape[-1])
    return x[..., perm]


def permute_first_layer(network: Network, permutation: Sequence[int] | np.ndarray) -> Network:
    """A copy of ``network`` that computes on permuted images what it did on the originals.

    Column ``i`` of the new first weight matrix is column ``permutation[i]``
    of the old one, so ``new.forward(permute_pixels(x, p)) == network.forward(x)``
    (up to the order of the sums). Its gradients are the old ones with the
    same columns reordered, so SGD from this start on permuted images follows
    the same trajectory as SGD from ``network`` on the originals.
    """
    if not isinstance(network, Network):
        raise ValueError(f"permute_first_layer needs a fully connected Network, got {network!r}")
    perm = check_permutation(permutation, network.layer_sizes[0])
    twin = network.copy()
    twin.weights[0] = np.ascontiguousarray(network.weights[0][:, perm])
    return twin
