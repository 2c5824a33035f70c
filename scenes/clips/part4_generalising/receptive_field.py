"""Clip 23, ReceptiveField: which input pixels one neuron of each convolutional layer sees.

The trained convolutional network of ShuffledPixels (the same cached run, on
the original images): three 3x3 layers of 8 maps. On a test digit, the
pixels a neuron can depend on, computed from the network's own kernels by
``nnmath.receptive_field``: 3x3 in layer 1, 5x5 in layer 2, 7x7 in layer 3.
After the layer-1 neuron and its feature map, the view zooms into the 11x11
pixels around the neuron, so every pixel of the fields shows, and the map into
the 9x9 outputs whose windows lie in them (each output level with its window). The middle step
answers a viewer's question, "how does a 3x3 window give 5x5 pixels?": a
layer-2 neuron reads a 3x3 block of layer-1 outputs (shown on one real
layer-1 feature map of the digit), and each of those nine reads its own 3x3
pixels, one pixel apart; together they cover 5x5.

Render: ``python -m scenes render ReceptiveField`` (or
``manim -ql scenes/clips/part4_generalising/receptive_field.py ReceptiveField``); try
``--set image=0 --set channel=5 --set row=4 --set col=12``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UL,
    UP,
    Create,
    FadeOut,
    Rectangle,
    VGroup,
    VMobject,
)

from nnmath import receptive_field
from scenes.clips.part4_generalising.shuffled_pixels import (
    CNN_CHANNELS,
    CNN_KERNEL,
    CONV_PARAMS,
    DATA,
    trained_conv,
)
from scenes.core.digit_model import checked_test_index, digit_data, digit_index_param
from scenes.core.params import Param, ParamError, ParamValues
from scenes.core.theme import Size
from scenes.render.clip import ClipScene
from scenes.render.fades import fade_in, fade_out
from scenes.widgets.images import framed, grey_image, grey_words
from scenes.widgets.text import Captions, fade_swap, merged_text, title

LAYERS = (1, 2, 3)
#: Side of the last layer's map: each valid 3x3 convolution takes 2 pixels off 28.
MAP = 28 - len(CNN_CHANNELS) * (CNN_KERNEL - 1)


@dataclass(frozen=True)
class FieldData:
    """Everything the clip shows, computed before the first frame."""

    image: np.ndarray  # (784,) the test digit
    label: int
    kernel: int  # side of every kernel (3)
    map_shapes: list[tuple[int, int, int]]  # (C, H, W) of each layer's maps
    positions: dict[int, tuple[int, int]]  # layer -> (row, col) of its neuron
    fields: dict[int, np.ndarray]  # layer -> (28, 28) bool: pixels that neuron can see
    block: list[tuple[int, int]]  # the 3x3 layer-1 positions the layer-2 neuron reads
    windows: list[np.ndarray]  # their receptive fields, (28, 28) bool each
    feature_map: np.ndarray  # (26, 26) the layer-1 map of the digit, channel shown
    zero_weights: int  # kernel entries exactly zero in the trained network
    n_weights: int  # kernel entries in all


class ReceptiveField(Captions, ClipScene):
    """3x3, 5x5, 7x7: the pixels one neuron of each layer can see, from the real kernels."""

    SUMMARY = "receptive fields of the trained CNN: 3x3, 5x5, 7x7 pixels, and why 3x3 of 3x3 is 5x5"
    PARAMS = (
        *CONV_PARAMS,
        digit_index_param(3, "test image to draw the fields on", data=None),
        Param("channel", int, 0, "layer-1 feature map shown (and map of each neuron)", lo=0, hi=63),
        Param("row", int, 9, f"row of the layer-3 neuron in its {MAP}x{MAP} map", lo=0, hi=MAP - 1),
        Param("col", int, 9, f"column of the layer-3 neuron in its {MAP}x{MAP} map", lo=0,
              hi=MAP - 1),
    )

    @classmethod
    def prepare(cls, p: ParamValues) -> FieldData:
        _, _, x_test, y_test = digit_data(DATA)
        index = checked_test_index(p.image, y_test, DATA)
        net = trained_conv(p.seed, p.cnn_epochs).network_at(-1)
        shapes = net.map_shapes
        channels, height, width = shapes[-1]
        if not (0 <= p.row < height and 0 <= p.col < width):
            raise ParamError(
                f"row={p.row}, col={p.col} is outside layer {len(shapes)}'s {height}x{width} map; "
                f"use 0 to {height - 1} and 0 to {width - 1}"
            )
        if not all(p.channel < c for c, _, _ in shapes):
            raise ParamError(
                f"channel={p.channel} is out of range: the layers have "
                f"{min(c for c, _, _ in shapes)} maps; use 0 to {min(c for c, _, _ in shapes) - 1}"
            )
        # The neurons of layers 1 and 2 centred on the same pixel as the layer-3 one.
        depth = len(shapes)
        positions = {layer: (p.row + depth - layer, p.col + depth - layer) for layer in LAYERS}
        fields = {
            layer: receptive_field(net, layer, *positions[layer], channel=p.channel)
            for layer in LAYERS
        }
        r2, c2 = positions[2]
        block = [(r2 + i, c2 + j) for i in range(net.kernel) for j in range(net.kernel)]
        image = np.asarray(x_test[index], float)
        return FieldData(
            image=image,
            label=int(y_test[index]),
            kernel=net.kernel,
            map_shapes=shapes,
            positions=positions,
            fields=fields,
            block=block,
            windows=[receptive_field(net, 1, r, c, channel=p.channel) for r, c in block],
            feature_map=net.feature_maps(image[None])[0][0, p.channel],
            zero_weights=int(sum(np.sum(k == 0) for k in net.kernels)),
            n_weights=int(sum(k.size for k in net.kernels)),
        )

    DIGIT_H = 5.0  # scene units: the digit, and later the zoomed patch in its place
    DIGIT_CENTRE = (-4.3, -0.1)
    MAP_CENTRE = (1.0, -0.1)  # same height: map row i is level with pixel row i + 1
    LEGEND_LEFT = 3.75
    ZOOM = 11  # pixels per side of the zoomed patch: the 7x7 field and two pixels around it

    def construct(self) -> None:
        self.add(title("What one neuron sees: receptive fields", self.theme))
        self.show_digit()
        self.show_layer1()
        self.show_map()
        self.show_zoom()
        self.show_layer2()
        self.show_layer3()
        self.show_computed()

    # -- steps -----------------------------------------------------------------
    def show_digit(self) -> None:
        d, t = self.data, self.theme
        self.digit = grey_image(d.image.reshape(28, 28), self.DIGIT_H, t)
        self.digit.move_to([*self.DIGIT_CENTRE, 0])
        self.set_view(self.digit, 0, 0, 28)
        self.map_origin, self.map_pixel = (0, 0), self.DIGIT_H / 28  # as a digit pixel, at first
        self.digit_frame = framed(self.digit, t)
        self.label = merged_text(f"test image {self.p.image}: a {d.label}", t.text, Size.READOUT)
        self.label.next_to(self.digit, UP, buff=0.15)
        self.colors = {1: t.highlight, 2: t.model, 3: t.compare}
        channels = d.map_shapes[0][0]
        self.beat(
            "digit", "What one neuron of a convolutional network sees",
            f"The trained convolutional network of the shuffled-pixels clip, on test digit "
            f"{self.p.image}: three layers of {channels} maps, each neuron a "
            f"{d.kernel}×{d.kernel} filter over the layer below.",
        )  # fmt: skip
        self.play(fade_in(self.digit_frame), fade_in(self.label), run_time=1.0)
        self.wait(2.0)

    def show_layer1(self) -> None:
        d = self.data
        self.field = {1: self.outline(d.fields[1], self.colors[1], 5)}
        self.play(Create(self.field[1]), self.start_beat(
            "layer1", f"A layer-1 neuron sees {self.side(1)} pixels",
            f"A layer-1 neuron sees {self.side(1)} pixels: its filter's {d.kernel * d.kernel} "
            "weights times these pixels, plus a bias, then ReLU.",
        ), run_time=1.0)  # fmt: skip
        self.add_legend_row(1)
        self.shown["fields"] = {1: self.read_box(self.field[1])}
        self.wait(2.0)

    def show_map(self) -> None:
        d, t = self.data, self.theme
        _, h, w = d.map_shapes[0]
        top = float(d.feature_map.max()) or 1.0  # all zero: an all-dark map
        self.map = grey_image(d.feature_map / top, h * self.map_pixel, t)
        self.map.move_to([*self.MAP_CENTRE, 0])
        self.map_label = merged_text("layer-1 map of this digit", t.text, Size.READOUT)
        self.map_label.next_to(self.map, UP, buff=0.15)
        ink = grey_words(t)[1]
        self.scale = merged_text(f"{ink}: its largest output", t.muted, Size.READOUT)
        self.scale.next_to(self.map, DOWN, buff=0.15)
        self.map_marker = self.map_square(*d.positions[1], 1, self.colors[1], 4)
        self.map_frame = framed(self.map, t)
        self.play(
            fade_in(self.map_frame), fade_in(self.map_label), fade_in(self.scale),
            Create(self.map_marker), self.start_beat(
                "map", "One filter at every position makes a map",
                f"The same filter at every position gives a map of outputs, {h} by {w}, one "
                f"per position (map {self.p.channel} shown); this neuron's output is the "
                "marked pixel of the map.",
            ), run_time=1.0,
        )  # fmt: skip
        self.shown["feature_map"] = self.map.pixel_array[..., 0].copy()
        self.shown["map_marker"] = self.read_map_box(self.map_marker)
        self.wait(2.5)

    def show_zoom(self) -> None:
        d, t = self.data, self.theme
        n, m = self.ZOOM, self.ZOOM - d.kernel + 1  # the patch, and the map outputs over it
        row, col = d.positions[3]
        r0, c0 = (int(np.clip(v - 2, 0, 28 - n)) for v in (row, col))
        crop = self.square(n * self.pixel, t.highlight, 3).set_z_index(3)
        crop.move_to((self.pixel_point(r0, c0) + self.pixel_point(r0 + n, c0 + n)) / 2)
        map_crop = self.map_square(r0, c0, m, t.highlight, 3).set_z_index(3)
        self.play(Create(crop), Create(map_crop), self.start_beat(
            "zoom", "Zoom in on the pixels around the neuron",
            f"Zoom in on the {n} by {n} pixels around the neuron, so every pixel shows, and on "
            f"the {m} by {m} outputs of the map whose windows lie in them.",
        ), run_time=1.0)  # fmt: skip
        patch = grey_image(d.image.reshape(28, 28)[r0 : r0 + n, c0 : c0 + n], self.DIGIT_H, t)
        patch.move_to(self.digit)
        top = float(d.feature_map.max()) or 1.0  # the whole map's scale, kept
        part = grey_image(d.feature_map[r0 : r0 + m, c0 : c0 + m] / top, m * patch.height / n, t)
        part.move_to([self.map.get_center()[0], patch.get_center()[1], 0])  # rows level
        frames = [framed(patch, t), framed(part, t)]
        old = [self.field[1], self.map_marker, self.digit_frame, self.map_frame]
        self.set_view(patch, r0, c0, n)
        self.map, self.map_origin, self.map_pixel = part, (r0, c0), patch.height / n
        self.field[1] = self.outline(d.fields[1], self.colors[1], 5)
        self.map_marker = self.map_square(*d.positions[1], 1, self.colors[1], 4)
        label = merged_text(f"{n}×{n} pixels of the digit", t.text, Size.READOUT)
        map_label = merged_text(f"{m}×{m} of the layer-1 map", t.text, Size.READOUT)
        label.next_to(patch, UP, buff=0.15)
        map_label.next_to(part, UP, buff=0.15)
        self.play(
            *(box.animate.become(f[1].copy().set_stroke(t.highlight, 3))
              for box, f in zip((crop, map_crop), frames)),
            *(fade_out(mob) for mob in old), fade_swap(self.label, label),
            fade_swap(self.map_label, map_label), self.scale.animate.next_to(part, DOWN, buff=0.15),
            run_time=1.5,
        )  # fmt: skip
        self.play(*(fade_in(f) for f in frames), fade_in(self.field[1]), fade_in(self.map_marker),
                  fade_out(crop), fade_out(map_crop), run_time=0.8)  # fmt: skip
        self.label, self.map_label = label, map_label
        self.shown["zoom"] = (r0, c0, r0 + n, c0 + n)
        self.shown["patch_pixels"] = patch.pixel_array[..., 0].copy()
        self.wait(2.0)

    def show_layer2(self) -> None:
        d = self.data
        (r0, c0), k = d.block[0], d.kernel
        block = self.map_square(r0, c0, k, self.colors[2], 4)
        self.play(Create(block), fade_out(self.field[1]), self.start_beat(
            "layer2", f"A layer-2 neuron reads {k}×{k} outputs of layer 1",
            f"A layer-2 neuron reads a {k}×{k} block of layer-1 outputs (in all "
            f"{d.map_shapes[0][0]} maps). Each of those sees its own {k}×{k} pixels.",
        ), run_time=1.0)  # fmt: skip
        window = self.outline(d.windows[0], self.colors[1], 5)
        self.map_marker.move_to(self.map_point(*d.block[0], 1))
        self.play(Create(window), run_time=0.5)
        fills = VGroup()
        self.shown["windows"] = []
        for (r, c), mask in zip(d.block, d.windows):
            target = self.outline(mask, self.colors[1], 5)
            fill = self.outline(mask, self.colors[1], 0, fill_opacity=0.2)
            fills.add(fill)
            self.play(
                window.animate.move_to(target), self.map_marker.animate.move_to(
                    self.map_point(r, c, 1)), fade_in(fill), run_time=0.5,
            )  # fmt: skip
            self.shown["windows"].append(self.read_box(window))
        self.field[2] = self.outline(d.fields[2], self.colors[2], 5)
        self.play(FadeOut(window), Create(self.field[2]), self.start_beat(
            "layer2_field", f"Nine windows, one pixel apart, cover {self.side(2)}",
            f"One pixel apart, the nine windows together cover {self.side(2)} pixels; the "
            "more of them see a pixel, the stronger its tint.",
        ), run_time=1.0)  # fmt: skip
        self.add_legend_row(2)
        self.shown["fields"][2] = self.read_box(self.field[2])
        self.shown["block"] = self.read_map_box(block)
        self.wait(2.0)
        self.play(fade_out(fills), fade_out(block), fade_out(self.map_marker), run_time=0.6)

    def show_layer3(self) -> None:
        self.field[3] = self.outline(self.data.fields[3], self.colors[3], 5)
        self.play(Create(self.field[1]), Create(self.field[3]), self.start_beat(
            "layer3", f"Layer 3 sees {self.side(3)}: each layer adds a ring",
            f"Layer 3 reads {self.side(1)} of layer 2, each {self.side(2)}: {self.side(3)} "
            "pixels. Each layer adds a ring of one pixel; the dense layer after them sees "
            "all 784.",
        ), run_time=1.0)  # fmt: skip
        self.add_legend_row(3)
        self.shown["fields"][3] = self.read_box(self.field[3])
        self.shown["positions"] = dict(self.data.positions)
        self.wait(2.5)

    def show_computed(self) -> None:
        d = self.data
        if d.zero_weights == 0:
            zeros = (f"none of the {d.n_weights:,} kernel weights is zero, so the fields are "
                     "full squares")
        else:
            zeros = f"{d.zero_weights:,} of the {d.n_weights:,} kernel weights are zero"
        self.beat(
            "computed", "Computed from the trained kernels, not assumed",
            "Computed from the trained kernels: the pixels through which a neuron's output "
            f"can change ({zeros}).",
        )  # fmt: skip
        self.wait(2.5)
        self.shown["zero_weights"] = d.zero_weights

    # -- pieces ----------------------------------------------------------------
    def side(self, layer: int) -> str:
        n = int(np.sqrt(self.data.fields[layer].sum()))
        return f"{n}\u00d7{n}"

    def set_view(self, image, row0: int, col0: int, n: int) -> None:
        """Draw fields on ``image``: ``n`` x ``n`` digit pixels from (row0, col0)."""
        self.view, self.view_origin, self.pixel = image, (row0, col0), image.height / n

    def pixel_point(self, row: float, col: float) -> np.ndarray:
        """Scene point of the digit's pixel corner (row, col) in the current view."""
        r0, c0 = self.view_origin
        return self.view.get_corner(UL) + self.pixel * np.array([col - c0, -(row - r0), 0.0])

    def map_point(self, row: float, col: float, n: int) -> np.ndarray:
        """Centre of the n x n block of map pixels starting at (row, col) of the whole map."""
        r0, c0 = self.map_origin
        offset = np.array([col - c0 + n / 2, -(row - r0 + n / 2), 0])
        return self.map.get_corner(UL) + self.map_pixel * offset

    def square(self, side: float, color: str, width: float) -> Rectangle:
        """An outlined square with a background-coloured halo: it reads on ink and on paper."""
        square = Rectangle(width=side, height=side, stroke_color=color, stroke_width=width)
        return square.set_stroke(self.theme.background, width + 5, background=True).set_z_index(2)

    def map_square(self, row: int, col: int, n: int, color: str, width: float) -> Rectangle:
        return self.square(n * self.map_pixel, color, width).move_to(self.map_point(row, col, n))

    def outline(
        self, mask: np.ndarray, color: str, width: float, fill_opacity: float = 0.0
    ) -> VMobject:
        """The pixels of ``mask`` on the digit: a rectangle when they fill their bounding box,
        else the boundary between marked and unmarked pixels (a shrunken field stays honest)."""
        rows, cols = np.nonzero(mask)
        r0, r1, c0, c1 = rows.min(), rows.max() + 1, cols.min(), cols.max() + 1
        if mask[r0:r1, c0:c1].all():
            shape = Rectangle(width=(c1 - c0) * self.pixel, height=(r1 - r0) * self.pixel)
            shape.move_to((self.pixel_point(r0, c0) + self.pixel_point(r1, c1)) / 2)
        else:
            shape = VMobject()
            padded = np.pad(mask, 1)
            for r, c in zip(rows, cols):
                for dr, dc, a, b in ((-1, 0, (0, 0), (0, 1)), (1, 0, (1, 0), (1, 1)),
                                     (0, -1, (0, 0), (1, 0)), (0, 1, (0, 1), (1, 1))):  # fmt: skip
                    if not padded[r + 1 + dr, c + 1 + dc]:
                        shape.start_new_path(self.pixel_point(r + a[0], c + a[1]))
                        shape.add_line_to(self.pixel_point(r + b[0], c + b[1]))
        shape.set_stroke(color, width=width).set_fill(color, opacity=fill_opacity)
        if width:  # a halo of the background colour: the outline reads on ink and on paper
            shape.set_stroke(self.theme.background, width + 5, background=True)
        return shape.set_z_index(2)

    def read_box(self, mob: VMobject) -> tuple[int, int, int, int]:
        """(row0, col0, row1, col1) of the digit pixels a drawn outline encloses, read back."""
        corner, (r0, c0) = self.view.get_corner(UL), self.view_origin
        (x0, y1), (x1, y0) = (mob.get_corner(UL) - corner)[:2], (mob.get_corner(-UL) - corner)[:2]
        rows = sorted((round(-y1 / self.pixel), round(-y0 / self.pixel)))
        cols = sorted((round(x0 / self.pixel), round(x1 / self.pixel)))
        return rows[0] + r0, cols[0] + c0, rows[1] + r0, cols[1] + c0

    def read_map_box(self, mob: VMobject) -> tuple[int, int, int, int]:
        """(row0, col0, row1, col1) of the map pixels a square on the map encloses (in the whole
        map, zoomed or not)."""
        corner, p, (r0, c0) = self.map.get_corner(UL), self.map_pixel, self.map_origin
        x0, y0 = (mob.get_corner(UL) - corner)[:2]
        x1, y1 = (mob.get_corner(-UL) - corner)[:2]
        return (round(-y0 / p) + r0, round(x0 / p) + c0, round(-y1 / p) + r0, round(x1 / p) + c0)

    def add_legend_row(self, layer: int) -> None:
        t = self.theme
        swatch = Rectangle(width=0.3, height=0.3, stroke_color=self.colors[layer], stroke_width=5)
        text = merged_text(f"layer {layer}: {self.side(layer)}", t.text, Size.READOUT)
        row = VGroup(swatch, text).arrange(RIGHT, buff=0.18)
        row.move_to([self.LEGEND_LEFT, 1.3 - 0.6 * layer, 0], aligned_edge=LEFT)
        anims = [fade_in(row)]
        if layer == 1:
            head = merged_text("one neuron sees", t.text, Size.READOUT)
            anims.append(fade_in(head.next_to(row, UP, buff=0.35, aligned_edge=LEFT)))
        self.play(*anims, run_time=0.5)
        self.shown.setdefault("legend", []).append(f"layer {layer}: {self.side(layer)}")
