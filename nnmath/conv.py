"""A small convolutional digit network with exact, vectorised backpropagation.

Architecture (:class:`ConvNetwork`): a single-channel image (28 x 28 by
default), a stack of ``k x k`` convolutions (stride 1, no padding, ReLU; with
``k = 3`` the maps shrink 28 -> 26 -> 24 -> 22), then one dense output layer
with the same non-linearity and cost as :class:`~nnmath.network.Network`'s
digit network (sigmoid outputs, mean over examples of the sum of squared
differences), so accuracies and costs compare directly with the fully
connected 784-16-16-10 network.

Conventions:

- A convolution is a *correlation*, as in every deep-learning library:
  ``z[co, y, x] = b[co] + sum_{ci, i, j} K[co, ci, i, j] * a[ci, y + i, x + j]``.
- Kernels have shape ``(C_out, C_in, k, k)``; the dense layer's weights have
  shape ``(n_out, C * H * W)`` with its inputs in channel, row, column order
  (PyTorch's ``Flatten`` of an ``(N, C, H, W)`` tensor).
- Parameters flatten as K1, b1, K2, b2, ..., W, b (each row-major).

Every layer is one matrix product: the ``k x k`` patches of all positions of
all images in a batch are gathered (``sliding_window_view``, then one copy)
into a matrix with one column per output position and a last row of ones,
and the kernels reshaped to a matrix, with the biases as its last column,
multiply it. Backpropagation is two more products per layer: the kernel and
bias gradient (the error against the same patches), and the error of the
layer below as the *full* correlation of the error with the flipped kernels
(the flipped kernel matrix times the patches of the zero-padded error). No
Python loop runs over examples, pixels or kernel offsets.

Internally maps are stored channel first, ``(C, N, H, W)``: each product
then writes a layer's maps directly, every patch copy reads runs of a whole
map row, and the kernels are matrices without transposes. Measured against
the ``(N, H, W, C)`` layout (one row per position), a training step took
about 2.8 instead of 3.4 ms: BLAS runs the wide products (8 rows, thousands of
columns) faster than the tall ones. The public
:meth:`ConvNetwork.feature_maps` returns ``(N, C, H, W)``.

The temporaries (about 15 MB for a batch of 10 of the default network) live
in per-thread scratch buffers reused from call to call (:class:`_Workspace`):
allocating them afresh made every step page-fault its memory in.

:func:`~nnmath.classifier.train_conv_classifier` trains it by the same
mini-batch SGD loop as :func:`~nnmath.classifier.train_classifier` (this module
is the model only: the trainer and the run's record import it, not the other
way round); :func:`~nnmath.receptive.receptive_field` finds the input pixels a
neuron depends on from the kernels themselves.
"""

from __future__ import annotations

import math
import operator
import threading
from collections.abc import Sequence

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from .network import OUTPUT_ACTIVATIONS, _apply, _derivative_from_output

__all__ = ["ConvNetwork", "POOL_MODES"]

#: Pooling before the dense layer: the largest or the mean value of each block.
POOL_MODES = ("max", "average")

#: Images per forward pass when a large batch is evaluated. Small chunks keep
#: the patch matrices in cache (the second layer of (8, 8, 8) has 24 * 24 * 73
#: values per image, 336 KB): measured on one core, 8 to 32 images at a time
#: take 0.09 ms per image, 64 or 128 images 0.13-0.15 ms. It also bounds the
#: scratch memory (:class:`_Workspace`) of evaluation to a few MB.
_CHUNK = 16


class _Workspace(threading.local):
    """Scratch arrays reused from one call to the next, one set per thread.

    Why: a training step of the default network at batch 10 needs about
    15 MB of temporaries (patch matrices, padded errors). Fresh arrays that
    large are mapped from the kernel by ``malloc``, and every page then
    faults in on first touch: measured, page faults took 60 % of a step
    (4,000 faults a step). Reusing one buffer per role removes them. Each
    buffer only grows, to the largest request; views of it are handed out,
    never returned to callers of the public methods.
    """

    def __init__(self) -> None:
        self.buffers: dict[str, np.ndarray] = {}

    def __call__(self, tag: str, shape: tuple[int, ...]) -> np.ndarray:
        size = math.prod(shape)
        buf = self.buffers.get(tag)
        if buf is None or buf.size < size:
            buf = self.buffers[tag] = np.empty(size)
        return buf[:size].reshape(shape)


_work = _Workspace()


def _positive_int(name: str, value) -> int:
    try:
        v = operator.index(value)
    except TypeError:
        raise ValueError(f"{name} must be a positive integer, got {value!r}") from None
    if isinstance(value, bool) or v < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return v


def _patches(a: np.ndarray, k: int, tag: str, ones: bool) -> np.ndarray:
    """All ``k x k`` patches of ``a`` (``(C, N, H, W)``) as columns: ``(C*k*k [+ 1], N*Ho*Wo)``.

    A :data:`_work` buffer (``tag``) holds them, one column per output
    position, rows in ``(c, i, j)`` order (that of a ``(C_out, C_in, k, k)``
    kernel's rows reshaped). With ``ones`` a last row of 1 is added:
    multiplied by a kernel matrix whose last column is the biases
    (:func:`_kernel_matrix`) it adds the biases inside the product, and the
    kernel-gradient product then yields the bias gradient as its last column
    (saving a pass over the maps for each). The copy reads runs of ``Wo``
    contiguous values.
    """
    c, n, h, w = a.shape
    ho, wo = h - k + 1, w - k + 1
    out = _work(tag, (c * k * k + ones, n * ho * wo))
    view = sliding_window_view(a, (k, k), axis=(2, 3)).transpose(0, 4, 5, 1, 2, 3)
    # A view, not a copy: splitting the axes of a row slice needs none.
    np.copyto(out[: c * k * k].reshape(view.shape), view)
    if ones:
        out[c * k * k] = 1.0
    return out


def _pool(a: np.ndarray, p: int, mode: str) -> tuple[np.ndarray, np.ndarray | None]:
    """Pool maps ``(C, N, H, W)`` over non-overlapping ``p x p`` blocks (a new array).

    Returns the pooled maps ``(C, N, H // p, W // p)`` and, for max pooling,
    the index (0 to ``p * p - 1``, row-major within the block) of each block's
    first largest entry, which its gradient goes to.
    """
    c, n, h, w = a.shape
    hp, wp = h // p, w // p
    blocks = a[:, :, : hp * p, : wp * p].reshape(c, n, hp, p, wp, p)
    if mode == "average":
        return blocks.mean(axis=(3, 5)), None
    flat = blocks.transpose(0, 1, 2, 4, 3, 5).reshape(c, n, hp, wp, p * p)
    where = flat.argmax(axis=-1)
    return np.take_along_axis(flat, where[..., None], -1)[..., 0], where


def _unpool(g: np.ndarray, shape, p: int, where: np.ndarray | None) -> np.ndarray:
    """The gradient of :func:`_pool`: ``g`` ``(C, N, Hp, Wp)`` back onto maps of ``shape``.

    Average pooling shares each block's gradient equally among its ``p * p``
    entries; max pooling gives it all to the entry ``where`` names. Rows and
    columns that pooling dropped get 0.
    """
    c, n, hp, wp = g.shape
    out = np.zeros(shape)
    if where is None:
        block = np.broadcast_to((g / (p * p))[:, :, :, None, :, None], (c, n, hp, p, wp, p))
    else:
        block = np.zeros((c, n, hp, wp, p * p))
        np.put_along_axis(block, where[..., None], g[..., None], -1)
        block = block.reshape(c, n, hp, wp, p, p).transpose(0, 1, 2, 4, 3, 5)
    out[:, :, : hp * p, : wp * p] = block.reshape(c, n, hp * p, wp * p)
    return out


def _kernel_matrix(kernel: np.ndarray, bias: np.ndarray) -> np.ndarray:
    """Kernels ``(C_out, C_in, k, k)`` and biases as one ``(C_out, C_in*k*k + 1)`` matrix."""
    c_out = kernel.shape[0]
    matrix = np.empty((c_out, kernel[0].size + 1))
    matrix[:, :-1] = kernel.reshape(c_out, -1)
    matrix[:, -1] = bias
    return matrix


def _flipped_kernel_matrix(kernel: np.ndarray) -> np.ndarray:
    """Kernels turned by 180 degrees with in/out swapped, as ``(C_in, C_out*k*k)``.

    The error of a layer's input is the full correlation of its output error
    with these: ``dA[ci, y, x] = sum dZ[co, y - i, x - j] K[co, ci, i, j]``.
    """
    c_in = kernel.shape[1]
    return np.ascontiguousarray(kernel[:, :, ::-1, ::-1].transpose(1, 0, 2, 3).reshape(c_in, -1))


class ConvNetwork:
    """Convolutional layers (ReLU) and one dense output layer.

    Parameters
    ----------
    channels
        Output channels of each convolution, first layer first; the input has
        one channel. ``(8, 8, 8)`` is three 3 x 3 layers of 8 maps each.
    seed
        Seed of the random initial weights; the same seed gives the same net.
    n_out
        Output neurons (10: one per digit).
    output_activation
        Non-linearity of the output layer: ``"sigmoid"`` (the digit network),
        ``"identity"`` or ``"relu"``.
    kernel
        Side ``k`` of the square kernels (stride 1, no padding: every layer
        shrinks the maps by ``k - 1``). A kernel as large as the image makes
        the single convolution a dense layer (each map is 1 x 1).
    input_shape
        ``(H, W)`` of the input images; inputs are rows of ``H * W`` pixels in
        row-major order.
    pool, pool_mode
        Pooling of the last maps before the dense layer: ``pool = 1`` (the
        default) none; ``pool = p`` takes the maximum (``pool_mode="max"``) or
        the mean (``"average"``) of every non-overlapping ``p x p`` block, so
        a ``22 x 22`` map becomes ``11 x 11`` with ``p = 2`` (rows and columns
        left over when ``p`` does not divide the side are dropped, as
        PyTorch's ``MaxPool2d`` does). Max pooling sends a block's gradient
        to its first largest entry.

    Notes
    -----
    Initialisation (He et al. 2015, "Delving deep into rectifiers"): kernel
    entries are drawn from ``N(0, 2 / fan_in)`` with ``fan_in = C_in * k * k``,
    the number of inputs of one neuron. With ReLU, which zeroes about half of
    its inputs, that variance keeps the mean square of the maps about the
    same from layer to layer, so a deep stack neither dies nor blows up at the
    start. The dense layer gets ``N(0, 1 / fan_in)`` (its sigmoid is not
    halved by a ReLU). All biases start at 0.

    Examples
    --------
    >>> net = ConvNetwork((4, 4), seed=0)
    >>> net.forward(np.zeros((2, 784))).shape
    (2, 10)
    >>> [m.shape for m in net.feature_maps(np.zeros((1, 784)))]
    [(1, 4, 26, 26), (1, 4, 24, 24)]
    """

    def __init__(
        self,
        channels: Sequence[int] = (8, 8, 8),
        seed: int | None = 0,
        n_out: int = 10,
        output_activation: str = "sigmoid",
        kernel: int = 3,
        input_shape: Sequence[int] = (28, 28),
        pool: int = 1,
        pool_mode: str = "max",
    ) -> None:
        if isinstance(channels, (str, bytes)) or not isinstance(channels, Sequence):
            raise ValueError(f"channels must be a sequence of positive integers, got {channels!r}")
        chans = [_positive_int("every channel count", c) for c in channels]
        if not chans:
            raise ValueError("channels needs at least one convolutional layer")
        k = _positive_int("kernel", kernel)
        n_out = _positive_int("n_out", n_out)
        if output_activation not in OUTPUT_ACTIVATIONS:
            raise ValueError(
                f"output_activation must be one of {OUTPUT_ACTIVATIONS}, got {output_activation!r}"
            )
        if isinstance(input_shape, (str, bytes)) or len(input_shape) != 2:
            raise ValueError(f"input_shape must be (height, width), got {input_shape!r}")
        h, w = (_positive_int("input_shape", s) for s in input_shape)
        shrink = len(chans) * (k - 1)
        if h - shrink < 1 or w - shrink < 1:
            raise ValueError(
                f"{len(chans)} layers of {k} x {k} kernels shrink a {h} x {w} image to "
                f"{h - shrink} x {w - shrink}; use fewer layers or a smaller kernel"
            )
        pool = _positive_int("pool", pool)
        if pool_mode not in POOL_MODES:
            raise ValueError(f"pool_mode must be one of {POOL_MODES}, got {pool_mode!r}")
        if pool > min(h - shrink, w - shrink):
            raise ValueError(
                f"pool={pool} is larger than the last maps "
                f"({h - shrink} x {w - shrink}); use at most {min(h - shrink, w - shrink)}"
            )
        self.pool, self.pool_mode = pool, pool_mode
        self.channels = chans
        self.kernel = k
        self.n_out = n_out
        self.output_activation = output_activation
        self.input_shape = (h, w)
        rng = np.random.default_rng(seed)
        self.kernels: list[np.ndarray] = []
        self.kernel_biases: list[np.ndarray] = []
        for c_in, c_out in zip([1, *chans[:-1]], chans):
            fan_in = c_in * k * k
            self.kernels.append(rng.normal(0.0, np.sqrt(2.0 / fan_in), size=(c_out, c_in, k, k)))
            self.kernel_biases.append(np.zeros(c_out))
        n_features = math.prod(self.pooled_shape)
        self.dense_weights = rng.normal(0.0, np.sqrt(1.0 / n_features), size=(n_out, n_features))
        self.dense_biases = np.zeros(n_out)

    # -- structure -----------------------------------------------------------
    @property
    def n_layers(self) -> int:
        """Number of convolutional layers (the dense output layer not counted)."""
        return len(self.channels)

    @property
    def map_shapes(self) -> list[tuple[int, int, int]]:
        """``(C, H, W)`` of every convolutional layer's output, first layer first."""
        h, w = self.input_shape
        shrink = self.kernel - 1
        return [
            (c, h - shrink * (i + 1), w - shrink * (i + 1)) for i, c in enumerate(self.channels)
        ]

    @property
    def pooled_shape(self) -> tuple[int, int, int]:
        """``(C, H, W)`` of the dense layer's input: the last maps, after any pooling."""
        c, h, w = self.map_shapes[-1]
        return c, h // self.pool, w // self.pool

    @property
    def layer_sizes(self) -> list[int]:
        """Neurons per layer, input first: ``[784, 8*26*26, ..., 10]`` for the default.

        The same meaning as :attr:`Network.layer_sizes`, so code that only
        needs the input and output sizes works with either network. With
        pooling, the pooled maps (:attr:`pooled_shape`) come before the outputs.
        """
        h, w = self.input_shape
        pooled = [math.prod(self.pooled_shape)] if self.pool > 1 else []
        return [h * w, *(c * hh * ww for c, hh, ww in self.map_shapes), *pooled, self.n_out]

    @property
    def n_params(self) -> int:
        conv = sum(kk.size + b.size for kk, b in zip(self.kernels, self.kernel_biases))
        return conv + self.dense_weights.size + self.dense_biases.size

    @property
    def architecture(self) -> dict:
        """JSON-serialisable description; :meth:`from_architecture` rebuilds the net."""
        return {
            "kind": "conv",
            "channels": list(self.channels),
            "kernel": self.kernel,
            "n_out": self.n_out,
            "output_activation": self.output_activation,
            "input_shape": list(self.input_shape),
            # only when pooling, so unpooled runs keep the description they always had
            **({"pool": self.pool, "pool_mode": self.pool_mode} if self.pool > 1 else {}),
        }

    @classmethod
    def from_architecture(cls, architecture: dict) -> ConvNetwork:
        """A network of the given :attr:`architecture` (initial weights of seed 0)."""
        arch = dict(architecture)
        if arch.pop("kind", None) != "conv":
            raise ValueError(f"not a conv architecture: {architecture!r}")
        try:
            return cls(seed=0, **arch)
        except TypeError as exc:  # unknown or missing keys
            raise ValueError(f"bad conv architecture {architecture!r}: {exc}") from None

    def copy(self) -> ConvNetwork:
        twin = ConvNetwork.__new__(ConvNetwork)
        twin.channels = list(self.channels)
        twin.kernel = self.kernel
        twin.n_out = self.n_out
        twin.output_activation = self.output_activation
        twin.input_shape = self.input_shape
        twin.pool, twin.pool_mode = self.pool, self.pool_mode
        twin.kernels = [kk.copy() for kk in self.kernels]
        twin.kernel_biases = [b.copy() for b in self.kernel_biases]
        twin.dense_weights = self.dense_weights.copy()
        twin.dense_biases = self.dense_biases.copy()
        return twin

    def _param_arrays(self) -> list[np.ndarray]:
        parts: list[np.ndarray] = []
        for kk, b in zip(self.kernels, self.kernel_biases):
            parts += [kk, b]
        return [*parts, self.dense_weights, self.dense_biases]

    def get_params(self) -> np.ndarray:
        """All parameters as one flat vector: K1, b1, ..., KL, bL, W, b (row-major)."""
        return np.concatenate([p.ravel() for p in self._param_arrays()])

    def set_params(self, vector: Sequence[float] | np.ndarray) -> ConvNetwork:
        """Load a flat vector in the order of :meth:`get_params`; returns self."""
        vec = np.asarray(vector, dtype=float)
        if vec.shape != (self.n_params,):
            raise ValueError(
                f"expected a flat vector of {self.n_params} parameters, got shape {vec.shape}"
            )
        new, i = [], 0
        for p in self._param_arrays():
            new.append(vec[i : i + p.size].reshape(p.shape).copy())
            i += p.size
        self._assign(new)
        return self

    def _assign(self, arrays: list[np.ndarray]) -> None:
        self.kernels = arrays[0:-2:2]
        self.kernel_biases = arrays[1:-2:2]
        self.dense_weights, self.dense_biases = arrays[-2], arrays[-1]

    # -- evaluation ----------------------------------------------------------
    def _as_batch(self, x) -> np.ndarray:
        arr = np.asarray(x, dtype=float)
        n_in = self.layer_sizes[0]
        if arr.ndim == 1:
            arr = arr[None, :]
        if arr.ndim != 2 or arr.shape[1] != n_in:
            raise ValueError(f"input must have shape (N, {n_in}), got {np.shape(x)}")
        return arr

    def _as_targets(self, y, n: int) -> np.ndarray:
        arr = np.asarray(y, dtype=float)
        if arr.shape != (n, self.n_out):
            raise ValueError(f"targets must have shape ({n}, {self.n_out}), got {np.shape(y)}")
        return arr

    def _forward_all(
        self, x: np.ndarray, keep: bool
    ) -> tuple[list[np.ndarray], list[np.ndarray], np.ndarray, np.ndarray, np.ndarray | None]:
        """Forward pass over the batch ``x`` (``(N, H*W)``).

        Returns the patch matrices (each layer's own buffer only when
        ``keep``: backpropagation needs them, plain evaluation does not), the
        post-ReLU maps ``(C, N, H, W)``, the flattened last maps (the dense
        layer's input, ``(N, C*H*W)``) and the outputs. All but the outputs
        are :data:`_work` buffers, overwritten by the next call. Last, where
        max pooling took each block's value (``None`` without it).
        """
        n = len(x)
        k = self.kernel
        a = x.reshape(1, n, *self.input_shape)
        patches, maps = [], []
        for layer, (kk, b, (c, h, w)) in enumerate(
            zip(self.kernels, self.kernel_biases, self.map_shapes)
        ):
            p = _patches(a, k, f"patches{layer}" if keep else "patches", ones=True)
            z = np.matmul(_kernel_matrix(kk, b), p, out=_work(f"map{layer}", (c, n * h * w)))
            a = np.maximum(z, 0.0, out=z).reshape(c, n, h, w)
            maps.append(a)
            patches.append(p)
        where = None
        if self.pool > 1:
            a, where = _pool(a, self.pool, self.pool_mode)
        # Image-major rows, channel-major columns: the public order of the dense weights.
        flat = _work("flat", (n, *self.pooled_shape))
        np.copyto(flat, a.transpose(1, 0, 2, 3))
        flat = flat.reshape(n, -1)
        out = _apply(self.output_activation, flat @ self.dense_weights.T + self.dense_biases)
        return patches if keep else [], maps, flat, out, where

    def forward(self, x) -> np.ndarray:
        """Outputs for a batch ``x`` of shape ``(N, H*W)``; shape ``(N, n_out)``."""
        xb = self._as_batch(x)
        parts = [self._forward_all(xb[i : i + _CHUNK], False)[3] for i in range(0, len(xb), _CHUNK)]
        return np.concatenate(parts) if parts else np.empty((0, self.n_out))

    def feature_maps(self, x) -> list[np.ndarray]:
        """Every convolutional layer's post-ReLU maps for batch ``x``, each ``(N, C, H, W)``."""
        xb = self._as_batch(x)
        result = [np.empty((len(xb), *shape)) for shape in self.map_shapes]
        for i in range(0, len(xb), _CHUNK):
            maps = self._forward_all(xb[i : i + _CHUNK], False)[1]
            for layer, m in enumerate(maps):
                result[layer][i : i + _CHUNK] = m.transpose(1, 0, 2, 3)
        return result

    def loss(self, x, y) -> float:
        """Mean over examples of the sum of squared output differences."""
        xb = self._as_batch(x)
        diff = self.forward(xb) - self._as_targets(y, len(xb))
        return float(np.sum(diff * diff) / len(xb))

    def _backward(self, x, y) -> list[np.ndarray]:
        """Exact gradient of :meth:`loss`, one array per parameter array (same shapes)."""
        xb = self._as_batch(x)
        yb = self._as_targets(y, len(xb))
        n, k = len(xb), self.kernel
        patches, maps, flat, out, where = self._forward_all(xb, True)
        delta = (2.0 / n) * (out - yb)
        # f'(z) from the outputs alone: for ReLU, out > 0 exactly where z > 0.
        delta *= _derivative_from_output(self.output_activation, out, out)
        grads: list[np.ndarray] = [np.empty(0)] * (2 * self.n_layers + 2)
        grads[-2] = delta.T @ flat
        grads[-1] = delta.sum(axis=0)
        c, h, w = self.pooled_shape
        # d loss / d last (pooled) maps, back in the internal (C, N, H, W) layout.
        upstream = np.matmul(delta, self.dense_weights, out=_work("upstream", (n, c * h * w)))
        upstream = upstream.reshape(n, c, h, w).transpose(1, 0, 2, 3)
        if self.pool > 1:
            upstream = _unpool(upstream, maps[-1].shape, self.pool, where)
        for layer in range(self.n_layers - 1, -1, -1):
            a = maps[layer]
            # ReLU: a > 0 exactly where z > 0.
            dz = np.multiply(upstream, a > 0, out=_work("dz", a.shape))
            kk = self.kernels[layer]
            # Kernel gradient: every position's error times its patch, one product.
            # Its last column, against the patches' row of ones, is the bias gradient.
            both = dz.reshape(a.shape[0], -1) @ patches[layer].T
            grads[2 * layer] = both[:, :-1].reshape(kk.shape)
            grads[2 * layer + 1] = both[:, -1]
            if layer:
                # Full correlation with the flipped kernels: pad the error by
                # k - 1 on every side and take its patches (one product).
                cc, nn, hh, ww = dz.shape
                padded = _work("padded", (cc, nn, hh + 2 * (k - 1), ww + 2 * (k - 1)))
                padded.fill(0.0)
                padded[:, :, k - 1 : k - 1 + hh, k - 1 : k - 1 + ww] = dz
                below_shape = maps[layer - 1].shape
                below = np.matmul(
                    _flipped_kernel_matrix(kk),
                    _patches(padded, k, "padded_patches", ones=False),
                    out=_work("below", (below_shape[0], math.prod(below_shape[1:]))),
                )
                upstream = below.reshape(below_shape)
        return grads

    def gradients(self, x, y) -> np.ndarray:
        """Exact gradient of :meth:`loss` as a flat vector (order of :meth:`get_params`)."""
        return np.concatenate([g.ravel() for g in self._backward(x, y)])

    def sgd_step(self, x, y, learning_rate: float) -> ConvNetwork:
        """One gradient-descent step on batch ``(x, y)``, in place; returns self."""
        lr = float(learning_rate)
        for p, g in zip(self._param_arrays(), self._backward(x, y)):
            p -= lr * g
        return self

    def __repr__(self) -> str:
        return (
            f"ConvNetwork(channels={tuple(self.channels)}, kernel={self.kernel}, "
            f"n_out={self.n_out}, output_activation={self.output_activation!r}"
            + (f", pool={self.pool}, pool_mode={self.pool_mode!r})" if self.pool > 1 else ")")
        )
