"""nnmath: the pure-math core behind the clips. numpy and scipy only, never manim.

Each formula lives in one obvious module:

- ``regression``   least-squares line (closed form)
- ``network``      fully connected network, exact backpropagation
- ``piecewise``    exact kinks / linear pieces of 1-D ReLU networks, zigzag
- ``trajectory``   recorded training runs, saved as ``.npz``
- ``training``     gradient descent and coordinate search, recorded
- ``surfaces``     2-D cost surfaces and 1-D valley functions for descent
- ``digits``       MNIST loading (bundled 5k sample or the full IDX files)
- ``classifier``   mini-batch SGD training of the digit network
- ``conv``         convolutional digit network, its training, receptive fields
- ``permutation``  one fixed pixel shuffle for every image (and the FC net's twin)
"""

from __future__ import annotations

from .classifier import accuracy, confusion, mistakes, one_hot, predict, train_classifier
from .conv import ConvNetwork, receptive_field, train_conv_classifier
from .digits import DigitsDataError, fetch_mnist, load_digits, read_idx
from .network import Network, relu, sigmoid
from .permutation import permute_first_layer, permute_pixels, pixel_permutation
from .piecewise import (
    LayerPieces,
    breakpoints,
    count_segments,
    layer_pieces,
    pieces,
    zigzag_network,
)
from .regression import LineFit, least_squares_line
from .surfaces import CURVES, SURFACES, Curve, Surface, curve, descend, surface
from .training import TrainingDiverged, coordinate_search, gradient_descent, sample_curve_data
from .trajectory import Trajectory, TrajectoryFileError

__version__ = "0.1.0"

__all__ = [
    "CURVES",
    "ConvNetwork",
    "DigitsDataError",
    "SURFACES",
    "Curve",
    "LayerPieces",
    "LineFit",
    "Network",
    "Surface",
    "TrainingDiverged",
    "Trajectory",
    "TrajectoryFileError",
    "__version__",
    "accuracy",
    "confusion",
    "fetch_mnist",
    "load_digits",
    "mistakes",
    "one_hot",
    "predict",
    "read_idx",
    "train_classifier",
    "train_conv_classifier",
    "breakpoints",
    "coordinate_search",
    "count_segments",
    "curve",
    "descend",
    "gradient_descent",
    "layer_pieces",
    "least_squares_line",
    "permute_first_layer",
    "permute_pixels",
    "pieces",
    "pixel_permutation",
    "receptive_field",
    "relu",
    "sample_curve_data",
    "sigmoid",
    "surface",
    "zigzag_network",
]
