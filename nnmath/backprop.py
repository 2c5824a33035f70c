"""Backpropagation laid out step by step, what it costs, and linear networks.

- :func:`backprop_trace`: every layer's ``z``, ``a``, error ``delta`` and
  gradients for one example or a batch, under :meth:`Network.loss`'s cost.
- :func:`forward_multiply_adds`, :func:`backward_multiply_adds`,
  :func:`finite_difference_multiply_adds`: the work of one forward pass, one
  backward pass and a finite-difference gradient, counted in multiply-adds;
  :func:`finite_difference`: one derivative the slow way, to check against.
- :func:`collapse_linear`: the single affine map ``W x + b`` that a network
  of only linear layers computes (depth buys a linear network nothing).

Indexing follows :class:`~nnmath.network.Network`: weight layer ``l``
(0-based) maps ``a[l]`` to ``z[l] = a[l] @ W_l.T + b_l`` and
``a[l + 1] = f_l(z[l])``; ``a[0]`` is the input.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .network import LINEAR_ACTIVATIONS, SOFTMAX, Network, _derivative_from_output, cross_entropy


def _frozen(arr: np.ndarray, fresh: bool = False) -> np.ndarray:
    """``arr`` read-only: copied, unless it is ``fresh`` (made here, shared with no one)."""
    out = arr if fresh and arr.dtype == float else np.array(arr, dtype=float, copy=True)
    out.setflags(write=False)
    return out


@dataclass(frozen=True)
class BackpropTrace:
    """One backpropagation, every intermediate kept (arrays are read-only).

    Shapes are batch shapes even for one example (``N = 1``): ``z[l][0]`` is
    that example's vector. ``L`` is the number of weight layers.

    Attributes
    ----------
    x, y
        Inputs ``(N, n_0)`` and targets ``(N, n_L)``.
    z
        ``L`` pre-activations, ``z[l]`` of shape ``(N, n_{l+1})``.
    a
        ``L + 1`` activations, input first: ``a[0] = x``, ``a[l + 1] = f_l(z[l])``.
    delta
        ``L`` errors, ``delta[l]`` of shape ``(N, n_{l+1})``: row ``n`` is
        ``dC_n / dz[l]`` for the one-example cost ``C_n`` (see
        :func:`backprop_trace`), so for ``N = 1`` it is ``dC / dz`` itself.
    grad_w, grad_b
        ``dC / dW_l`` (shape of ``W_l``) and ``dC / db_l`` for the batch cost ``C``.
    cost
        The batch cost ``C``, equal to :meth:`Network.loss`.
    activations
        The name of ``f_l`` for each weight layer.
    """

    x: np.ndarray
    y: np.ndarray
    z: tuple[np.ndarray, ...]
    a: tuple[np.ndarray, ...]
    delta: tuple[np.ndarray, ...]
    grad_w: tuple[np.ndarray, ...]
    grad_b: tuple[np.ndarray, ...]
    cost: float
    activations: tuple[str, ...]

    @property
    def n_examples(self) -> int:
        return len(self.x)

    @property
    def n_layers(self) -> int:
        """Number of weight layers ``L``."""
        return len(self.z)

    @property
    def output_slope(self) -> np.ndarray:
        """``dC_n / da^L = 2 (a^L - y)``, per example ``(N, n_L)`` (the squared-error cost;
        not for a softmax output): how the one-example
        cost changes with each output (before the output's activation slope)."""
        return 2.0 * (self.a[-1] - self.y)

    def flat_gradient(self) -> np.ndarray:
        """``grad_w`` and ``grad_b`` as one vector, in :meth:`Network.get_params` order."""
        return np.concatenate([p for w, b in zip(self.grad_w, self.grad_b) for p in (w.ravel(), b)])


def backprop_trace(network: Network, x, y) -> BackpropTrace:
    """Backpropagation for one example or a batch, with every intermediate.

    The cost is :meth:`Network.loss`'s, with no factor 1/2:

    ``C = (1/N) sum_n C_n``,  ``C_n = sum_k (a^L_{n,k} - y_{n,k})^2``,

    the mean over the ``N`` examples of the sum over outputs of squared
    differences. The recursion, per example ``n`` (rows), is

    - output: ``delta[L-1] = 2 (a[L] - y) * f'_{L-1}(z[L-1])``;
    - hidden: ``delta[l] = (delta[l+1] @ W_{l+1}) * f'_l(z[l])``;
    - gradients, averaged over the batch: ``grad_w[l] = delta[l].T @ a[l] / N``,
      ``grad_b[l] = mean_n delta[l]``.

    ``delta`` is per example (``dC_n/dz``), so the batch cost's ``dC/dz`` for
    example ``n`` is ``delta[l][n] / N``; for one example the two agree.

    A network with a ``"softmax"`` output has :meth:`Network.loss`'s cross-entropy
    cost instead, ``C_n = -sum_k y_k log a^L_k``, and the output error
    ``delta[L-1] = a^L sum_k y_k - y`` (``a^L - y`` for one-hot targets).

    Parameters
    ----------
    network
        The network; not modified.
    x, y
        One example (a 1-D ``x`` of length ``n_0`` is one example, unless
        ``n_0 = 1``, where a 1-D ``x`` is a batch of scalars as everywhere in
        :class:`Network`) or a batch ``(N, n_0)``, with targets ``(N, n_L)``.

    Returns
    -------
    BackpropTrace
        Its gradients equal :meth:`Network.gradients_by_layer` (to rounding).

    Examples
    --------
    >>> net = Network([2, 3, 1], seed=0)
    >>> trace = backprop_trace(net, [0.5, -1.0], [[1.0]])
    >>> [d.shape for d in trace.delta], trace.n_examples
    ([(1, 3), (1, 1)], 1)
    >>> bool(np.allclose(trace.flat_gradient(), net.gradients([[0.5, -1.0]], [[1.0]])))
    True
    """
    xb = network._as_batch(x)
    yb = network._as_targets(y, len(xb))
    pre, act = network._forward_all(xb)
    names = tuple(network.layer_activation(layer) for layer in range(network.n_layers))
    n = len(xb)
    deltas: list[np.ndarray] = [np.empty(0)] * network.n_layers
    diff = act[-1] - yb
    back = 2.0 * diff  # dC_n / da^L
    softmax_out = network.output_activation == SOFTMAX
    for layer in range(network.n_layers - 1, -1, -1):
        if softmax_out and layer == network.n_layers - 1:  # the Jacobian folded in
            deltas[layer] = act[-1] * yb.sum(axis=1, keepdims=True) - yb
        else:
            deltas[layer] = back * _derivative_from_output(names[layer], pre[layer],
                                                           act[layer + 1])
        if layer:  # the input's error is never needed (nor counted)
            back = deltas[layer] @ network.weights[layer]
    scale = 1.0 / n  # on the small delta, not on the 16 x 784 product
    grad_w = [(d * scale).T @ a for d, a in zip(deltas, act[:-1])]
    grad_b = [d.sum(axis=0) * scale for d in deltas]
    for fresh in (*pre, *act[1:], *deltas, *grad_w, *grad_b):  # made here, shared with no one
        fresh.flags.writeable = False
    x_copy = _frozen(xb)  # the caller's x may be shared: copied once, for x and a[0]
    return BackpropTrace(
        x=x_copy,
        y=_frozen(yb),
        z=tuple(pre),
        a=(x_copy if act[0] is xb else _frozen(act[0]), *act[1:]),
        delta=tuple(deltas),
        grad_w=tuple(grad_w),
        grad_b=tuple(grad_b),
        cost=cross_entropy(pre[-1], yb) if softmax_out else float(np.sum(diff * diff) / n),
        activations=names,
    )


# -- what it costs ------------------------------------------------------------
def _sizes(sizes: Sequence[int]) -> list[int]:
    try:
        out = [int(n) for n in sizes]
    except (TypeError, ValueError):
        raise ValueError(f"sizes must be a sequence of positive integers, got {sizes!r}") from None
    if len(out) < 2 or any(n < 1 for n in out) or any(n != s for n, s in zip(out, sizes)):
        raise ValueError(f"sizes needs at least two positive integer sizes, got {list(sizes)}")
    return out


def _n_params(sizes: list[int]) -> int:
    return sum(n_in * n_out + n_out for n_in, n_out in zip(sizes[:-1], sizes[1:]))


def forward_multiply_adds(sizes: Sequence[int]) -> int:
    """Multiply-adds of one forward pass of one example.

    A multiply-add is one product ``w * a`` accumulated into a sum. Weight
    layer ``l`` computes ``n_{l+1}`` sums of ``n_l`` products, so the count is
    ``sum_l n_l * n_{l+1}``: one per weight. Not counted: adding the biases
    and evaluating the activation functions (one each per neuron).

    Parameters
    ----------
    sizes
        Neurons per layer, input first, e.g. ``[784, 16, 16, 10]``.

    Examples
    --------
    >>> forward_multiply_adds([784, 16, 16, 10])
    12960
    """
    s = _sizes(sizes)
    return sum(n_in * n_out for n_in, n_out in zip(s[:-1], s[1:]))


def backward_multiply_adds(sizes: Sequence[int]) -> int:
    """Multiply-adds of one backward pass of one example (after its forward pass).

    Counted, in multiply-adds ``w * d`` or ``d * a`` accumulated into a sum:

    - the errors: ``delta[l] = (delta[l+1] @ W_{l+1}) * f'`` costs ``n_{l+1} * n_{l+2}``
      for every weight layer but the first (the input needs no error), one per
      weight of ``W_1 .. W_{L-1}``;
    - the weight gradients: ``dW_l = delta[l]^T a[l]`` costs ``n_l * n_{l+1}``
      (each product is accumulated into the gradient, over a batch), one per weight.

    Not counted: the output error ``2 (a - y)``, the elementwise products with
    ``f'(z)`` and evaluating ``f'`` (one each per neuron), the bias gradients
    (they are the errors themselves) and the update ``p -= lr * grad``.
    The total is ``2 * forward - n_0 * n_1``.

    Examples
    --------
    >>> backward_multiply_adds([784, 16, 16, 10])
    13376
    """
    s = _sizes(sizes)
    forward = forward_multiply_adds(s)
    return 2 * forward - s[0] * s[1]


def finite_difference_multiply_adds(sizes: Sequence[int]) -> int:
    """Multiply-adds of a central finite-difference gradient for one example.

    Each of the ``P`` parameters (weights and biases) is nudged up and down,
    with one full forward pass each: ``2 * P * forward_multiply_adds(sizes)``.
    Not counted: the forward pass at the unnudged point (central differences
    do not need it), the cost's squared differences and the divisions by
    ``2 eps``.

    Examples
    --------
    >>> finite_difference_multiply_adds([2, 3, 1])
    234
    """
    s = _sizes(sizes)
    return 2 * _n_params(s) * forward_multiply_adds(s)


def finite_difference(
    network: Network, x, y, layer: int, row: int, col: int | None = None, eps: float = 1e-5
) -> float:
    """Central finite difference of :meth:`Network.loss` by one parameter.

    ``(C(p + eps) - C(p - eps)) / (2 eps)`` for weight ``W_layer[row, col]`` (or
    bias ``b_layer[row]`` when ``col`` is None), each cost a full forward pass of
    a copy of ``network`` with that one parameter nudged; the network is not
    modified. Its error is of order ``eps**2`` (truncation) plus ``1e-16 / eps``
    (rounding): with the default ``eps = 1e-5`` about ten significant digits
    agree with backpropagation's exact derivative.

    Examples
    --------
    >>> net = Network([2, 3, 1], seed=0)
    >>> exact = backprop_trace(net, [0.5, -1.0], [[1.0]]).grad_w[0][1, 0]
    >>> bool(abs(finite_difference(net, [0.5, -1.0], [[1.0]], 0, 1, 0) - exact) < 1e-9)
    True
    """
    if not 0 <= layer < network.n_layers:
        raise ValueError(f"layer must be 0 to {network.n_layers - 1}, got {layer}")
    if not eps > 0:
        raise ValueError(f"eps must be positive, got {eps}")
    probe = network.copy()
    params = probe.biases[layer] if col is None else probe.weights[layer]
    index = (row,) if col is None else (row, col)
    base = float(params[index])  # IndexError for a parameter that does not exist
    params[index] = base + eps
    up = probe.loss(x, y)
    params[index] = base - eps
    down = probe.loss(x, y)
    return (up - down) / (2.0 * eps)


# -- linear networks ----------------------------------------------------------
def collapse_linear(network: Network) -> tuple[np.ndarray, np.ndarray]:
    """The one affine map ``x -> W x + b`` a network of linear layers computes.

    With ``f(z) = z`` in every layer, ``W = W_{L-1} ... W_1 W_0`` and ``b`` is
    the bias pushed through the later layers: ``b <- W_l b + b_l`` layer by
    layer. ``network.forward(x)`` equals ``x @ W.T + b``.

    Parameters
    ----------
    network
        A :class:`Network` whose every layer is ``"linear"`` or ``"identity"``
        (a one-layer network only needs a linear output).

    Returns
    -------
    W, b : numpy.ndarray
        ``W`` of shape ``(n_L, n_0)``, ``b`` of shape ``(n_L,)``.

    Raises
    ------
    ValueError
        A layer is not linear (ReLU or sigmoid).

    Examples
    --------
    >>> net = Network([3, 5, 4, 2], activation="linear", seed=0)
    >>> w, b = collapse_linear(net)
    >>> w.shape, b.shape
    ((2, 3), (2,))
    """
    for layer in range(network.n_layers):
        name = network.layer_activation(layer)
        if name not in LINEAR_ACTIVATIONS:
            raise ValueError(
                f"collapse_linear needs every layer linear, but layer {layer} uses {name!r}"
            )
    w = np.eye(network.layer_sizes[0])
    b = np.zeros(network.layer_sizes[0])
    for w_l, b_l in zip(network.weights, network.biases):
        w, b = w_l @ w, w_l @ b + b_l
    return w, b
