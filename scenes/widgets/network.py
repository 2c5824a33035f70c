"""The network diagram (neurons as greys between 0 and 1, edges by weight) and output bars."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import (  # noqa: E402
    DOWN,
    LEFT,
    ORIGIN,
    RIGHT,
    Animation,
    Brace,
    Circle,
    Dot,
    Mobject,
    Rectangle,
    Text,
    UpdateFromAlphaFunc,
    VGroup,
    VMobject,
)

from scenes.core.theme import Size, Theme
from scenes.widgets.images import activation_hex
from scenes.widgets.text import LiveNumber, with_role


class NetworkDiagram(VGroup):
    """A layered network drawn as columns of circles joined by thin edges.

    Layers longer than ``max_shown`` are drawn as ``max_shown`` circles split
    by an ellipsis, with a brace labelled with the layer's true size (784
    inputs: 16 circles, three dots and "784"). Edges join every pair of drawn
    circles in adjacent layers, one VMobject per pair of layers, so they cost
    one mobject each however many lines they hold. A neuron's value in [0, 1]
    is its fill: a grey from black (0) to white (1), never just on or off.

    Parameters
    ----------
    layer_sizes
        Neurons per layer, input first, e.g. ``(784, 16, 16, 10)``.
    theme
        Colours of outlines, edges and labels.
    shown
        For any layer, which neuron indices to draw (``{0: [290, 291, ...]}``);
        by default a long layer shows its first and last ``max_shown // 2``.
    output_labels
        Text beside each output neuron; ``None`` labels them ``0 .. n-1``
        (the digits for a 10-output network), ``()`` draws none.

    Layout knobs (attributes of the same name): ``max_shown``,
    ``neuron_radius``, ``neuron_buff`` (vertical gap between circles; one
    number, or one per layer to spread a short layer out),
    ``layer_buff`` (horizontal distance between layer centres),
    ``edge_width``, ``edge_opacity``, ``font_size``.

    Attributes
    ----------
    layers
        One VGroup of circles per layer (only the drawn ones).
    shown
        Per layer, the neuron index of each drawn circle.
    edges
        One VMobject per pair of adjacent layers (``edges[l]`` joins ``l`` and ``l+1``).
    ellipses, braces
        Dicts ``layer -> mobject`` for the elided layers (brace: brace and size label).
    output_labels
        VGroup of the labels beside the last layer.

    Examples
    --------
    ::

        class Show(Scene):
            def construct(self):
                net = NetworkDiagram((784, 16, 16, 10), THEMES["dark"])
                self.add(net)
                self.play(net.activation_animation(1, np.linspace(0, 1, 16)))
    """

    def __init__(
        self,
        layer_sizes: Sequence[int],
        theme: Theme,
        *,
        shown: dict[int, Sequence[int]] | None = None,
        output_labels: Sequence[str] | None = None,
        max_shown: int = 16,
        neuron_radius: float = 0.12,
        neuron_buff: float | Sequence[float] = 0.07,
        layer_buff: float = 2.2,
        edge_width: float = 0.6,
        edge_opacity: float = 0.35,
        font_size: float = Size.READOUT,
    ) -> None:
        super().__init__()
        self.layer_sizes = [int(n) for n in layer_sizes]
        self.theme = theme
        self.max_shown = max_shown
        self.neuron_radius = neuron_radius
        self.neuron_buff = neuron_buff
        self.layer_buff = layer_buff
        self.edge_width = edge_width
        self.edge_opacity = edge_opacity
        self.font_size = font_size
        shown = dict(shown or {})
        self.shown: list[list[int]] = [
            self._drawn_indices(layer, n, shown.get(layer))
            for layer, n in enumerate(self.layer_sizes)
        ]
        self.layers = VGroup()
        self.ellipses: dict[int, VGroup] = {}
        self.braces: dict[int, VGroup] = {}
        for layer in range(len(self.layer_sizes)):
            self.layers.add(self._column(layer))
        self.edges = VGroup(*(self._edges(layer) for layer in range(len(self.layer_sizes) - 1)))
        self.output_labels = self._output_labels(output_labels)
        self.add(self.edges, self.layers, *self.ellipses.values(), *self.braces.values())
        self.add(self.output_labels)
        self.move_to(ORIGIN)

    # -- building ------------------------------------------------------------
    def _drawn_indices(self, layer: int, n: int, chosen: Sequence[int] | None) -> list[int]:
        if chosen is not None:
            indices = [int(i) for i in chosen]
            if (
                not indices
                or any(not 0 <= i < n for i in indices)
                or len(set(indices)) != len(indices)
            ):
                raise ValueError(f"layer {layer}: shown indices must be distinct and in 0..{n - 1}")
            return indices
        if n <= self.max_shown:
            return list(range(n))
        half = self.max_shown // 2
        return list(range(half)) + list(range(n - (self.max_shown - half), n))

    def is_elided(self, layer: int) -> bool:
        return len(self.shown[layer]) < self.layer_sizes[layer]

    def _column(self, layer: int) -> VGroup:
        drawn = len(self.shown[layer])
        buff = self.neuron_buff
        if not np.isscalar(buff):
            buff = buff[layer]
        step = 2 * self.neuron_radius + float(buff)
        elided = self.is_elided(layer)
        gap = 2 if elided else 0  # slots the ellipsis takes
        split = drawn // 2
        n_slots = drawn + gap
        x = layer * self.layer_buff
        column = VGroup()
        for i in range(drawn):
            slot = i if (not elided or i < split) else i + gap
            circle = Circle(
                radius=self.neuron_radius,
                stroke_color=self.theme.muted,
                stroke_width=1.5,
                fill_color=activation_hex(0.0, self.theme),
                fill_opacity=0.0,
            )
            circle.move_to([x, ((n_slots - 1) / 2 - slot) * step, 0])
            column.add(circle)
        if elided:
            y = ((n_slots - 1) / 2 - (split + (gap - 1) / 2)) * step
            dots = VGroup(*(Dot(radius=0.03, color=self.theme.muted) for _ in range(3)))
            dots.arrange(DOWN, buff=0.06).move_to([x, y, 0])
            self.ellipses[layer] = dots
            brace = Brace(VGroup(column, dots), LEFT, buff=0.1, color=self.theme.muted)
            size = Text(
                f"{self.layer_sizes[layer]}", font_size=self.font_size, color=self.theme.text
            )
            size.next_to(brace, LEFT, buff=0.1)
            self.braces[layer] = VGroup(brace, size)
        return column

    def _edges(self, layer: int) -> VMobject:
        edges = VMobject(
            stroke_color=self.theme.axis,
            stroke_width=self.edge_width,
            stroke_opacity=self.edge_opacity,
        )
        for a in self.layers[layer]:
            start = a.get_right()
            for b in self.layers[layer + 1]:
                edges.start_new_path(start)
                edges.add_line_to(b.get_left())
        return edges

    def frozen_edges(self) -> Mobject:
        """The edges as one image, as the camera draws them now (see ``fast_drawing.freeze``).

        Hundreds of thin anti-aliased lines cost Cairo ~15 ms per pair of
        layers every time the still part of a frame is painted (once per
        ``play()``); the image costs one composite. Swap it in while the edges
        stay put (``scene.remove(*net.edges)``, ``scene.add(image)``, drawn
        below the circles); pixels match the lines' within one level. Build it
        inside the scene, after the diagram has its final position.
        """
        from scenes.render.freeze import freeze

        return freeze(VGroup(*self.edges))

    def _output_labels(self, labels: Sequence[str] | None) -> VGroup:
        last = len(self.layer_sizes) - 1
        if labels is None:
            labels = [str(i) for i in self.shown[last]]
        group = VGroup()
        for circle, text in zip(self.layers[last], labels):
            label = Text(str(text), font_size=self.font_size, color=self.theme.text)
            group.add(label.next_to(circle, RIGHT, buff=0.15))
        return group

    # -- reading and setting values ------------------------------------------
    def neuron(self, layer: int, index: int) -> Circle:
        """The circle drawn for neuron ``index`` of ``layer`` (KeyError if not drawn)."""
        try:
            return self.layers[layer][self.shown[layer].index(int(index))]
        except ValueError:
            raise KeyError(f"neuron {index} of layer {layer} is not drawn") from None

    def drawn_values(self, layer: int, values: Sequence[float]) -> np.ndarray:
        """The entries of a whole layer's ``values`` that its drawn circles show."""
        values = np.asarray(values, dtype=float).ravel()
        if values.shape != (self.layer_sizes[layer],):
            raise ValueError(
                f"layer {layer} has {self.layer_sizes[layer]} neurons, got {values.shape[0]} values"
            )
        return values[self.shown[layer]]

    def set_activations(self, layer: int, values: Sequence[float]) -> NetworkDiagram:
        """Fill each drawn neuron of ``layer`` with its value's grey (values: the whole layer)."""
        for circle, v in zip(self.layers[layer], self.drawn_values(layer, values)):
            circle.set_fill(activation_hex(v, self.theme), opacity=1.0)
        return self

    def clear_activations(self, layer: int | None = None) -> NetworkDiagram:
        """Back to unfilled outlines (one layer, or all)."""
        for column in self.layers if layer is None else [self.layers[layer]]:
            column.set_fill(opacity=0.0)
        return self

    def activation_animation(
        self, layer: int, values: Sequence[float], lag_ratio: float = 0.0, **kwargs
    ) -> Animation:
        """Animate ``layer``'s circles from their current fill to their values' greys.

        ``lag_ratio`` staggers the circles top to bottom as in AnimationGroup
        (0: all at once). One animation for the whole column, with no copies
        of the circles, so a layer lights up cheaply.
        """
        from manim import ManimColor, interpolate_color, linear, smooth

        column = self.layers[layer]
        drawn = self.drawn_values(layer, values)
        targets = [ManimColor(activation_hex(v, self.theme)) for v in drawn]
        # an unfilled circle may report no colour: it then fades in at its target grey
        starts = [
            (c.get_fill_color() or target, c.get_fill_opacity())
            for c, target in zip(column, targets)
        ]
        span = (len(column) - 1) * lag_ratio + 1.0

        def update(_mob: Mobject, alpha: float) -> None:
            for i, (circle, target, (color, opacity)) in enumerate(zip(column, targets, starts)):
                t = smooth(float(np.clip(alpha * span - i * lag_ratio, 0.0, 1.0)))
                circle.set_fill(
                    interpolate_color(color, target, t), opacity=opacity + (1.0 - opacity) * t
                )

        kwargs.setdefault("rate_func", linear)  # easing is applied per circle above
        return _ValueTween(column, update, **kwargs)


class _ValueTween(UpdateFromAlphaFunc):
    """UpdateFromAlphaFunc for updates computed from stored values, not the start state.

    Skips the deep copy of the mobject every Animation makes at its start
    (the update never reads it), which for a group of bars and numbers costs
    more than the whole animation.
    """

    def create_starting_mobject(self) -> Mobject:
        return Mobject()


class OutputBars(VGroup):
    """Horizontal bars for values in [0, 1], labelled ``0 .. n-1``, value printed beside.

    A faint outline (the track) shows the full length of 1, so 0.9 reads as
    "nearly full". Ten bars labelled 0 to 9 are the digit network's outputs.

    Parameters
    ----------
    values
        One value per bar (clipped to [0, 1] for drawing; printed as given).
    labels
        Text left of each bar; ``None`` labels them ``0 .. n-1``.

    Layout knobs: ``bar_length``, ``bar_height``, ``row_buff``, ``font_size``,
    ``decimals``, ``color`` (the bars; default ``theme.model``), ``show_numbers``
    (``False``: no value beside each bar, for at most six numbers on screen: the
    numbers still follow the values, they are only not drawn).

    The labels left of the bars name the categories (digits 0-9): they are the bar
    chart's tick labels (role "tick" for the layout check).

    Attributes
    ----------
    labels, tracks, bars, numbers
        VGroups, one entry per bar; ``numbers`` are :class:`LiveNumber` s.
    live
        ``VGroup(bars, numbers)`` (``VGroup(bars)`` without numbers): what
        :meth:`values_animation` animates (so the tracks and labels are painted
        once, not redrawn every frame).
    values
        The values currently shown (numpy array).

    Examples
    --------
    ::

        bars = OutputBars(net.forward(image)[0], theme)
        self.play(bars.values_animation(net.forward(other)[0]))
        bars.highlight(int(np.argmax(bars.values)))
    """

    def __init__(
        self,
        values: Sequence[float],
        theme: Theme,
        *,
        labels: Sequence[str] | None = None,
        bar_length: float = 3.0,
        bar_height: float = 0.26,
        row_buff: float = 0.14,
        font_size: float = Size.READOUT,
        decimals: int = 2,
        color: str | None = None,
        show_numbers: bool = True,
    ) -> None:
        super().__init__()
        self.theme = theme
        self.show_numbers = show_numbers
        self.bar_length = bar_length
        self.bar_height = bar_height
        self.color = color or theme.model
        values = np.asarray(values, dtype=float).ravel()
        labels = [str(i) for i in range(len(values))] if labels is None else list(labels)
        if len(labels) != len(values):
            raise ValueError(f"{len(values)} values but {len(labels)} labels")
        self.labels, self.tracks, self.bars, self.numbers = VGroup(), VGroup(), VGroup(), VGroup()
        for i, text in enumerate(labels):
            y = -i * (bar_height + row_buff)
            track = Rectangle(
                width=bar_length,
                height=bar_height,
                stroke_color=theme.muted,
                stroke_width=1,
                fill_opacity=0,
            ).move_to([bar_length / 2, y, 0])
            bar = Rectangle(
                width=bar_length,
                height=bar_height,
                stroke_width=0,
                fill_color=self.color,
                fill_opacity=1,
            )
            label = Text(text, font_size=font_size, color=theme.text)
            label.next_to(track, LEFT, buff=0.2)
            number = LiveNumber(
                0.0, num_decimal_places=decimals, font_size=font_size, color=theme.text
            )
            number.next_to(track, RIGHT, buff=0.2)
            self.labels.add(label)
            self.tracks.add(track)
            self.bars.add(bar)
            self.numbers.add(number)
        with_role(self.labels, "tick")  # the category axis: digits naming the bars
        # what values_animation changes, in one group: only it is redrawn each frame
        self.live = VGroup(self.bars, self.numbers) if show_numbers else VGroup(self.bars)
        self.add(self.tracks, self.labels, self.live)
        self.values = np.zeros(len(values))
        self.set_values(values)
        self.move_to(ORIGIN)

    def set_values(self, values: Sequence[float]) -> OutputBars:
        values = np.asarray(values, dtype=float).ravel()
        if values.shape != self.values.shape:
            raise ValueError(f"expected {len(self.values)} values, got {values.shape[0]}")
        for track, bar, number, v in zip(self.tracks, self.bars, self.numbers, values):
            # the track's rectangle, shrunk towards its left end (cheaper than stretch + move)
            fraction = max(float(np.clip(v, 0.0, 1.0)), 1e-3 / self.bar_length)
            points = track.points.copy()
            left = points[:, 0].min()
            points[:, 0] = left + (points[:, 0] - left) * fraction
            bar.points = points
            number.set_value(v)
        self.values = values.copy()
        return self

    def values_animation(self, values: Sequence[float], **kwargs) -> Animation:
        """Grow and shrink the bars (and count the numbers) to new values."""
        start = self.values.copy()
        end = np.asarray(values, dtype=float).ravel()

        def update(_mob: Mobject, alpha: float) -> None:
            self.set_values(start + (end - start) * alpha)

        return _ValueTween(self.live, update, **kwargs)

    def highlight(self, index: int | None, color: str | None = None) -> OutputBars:
        """Colour bar ``index`` and its label (``theme.highlight``); ``None`` clears it."""
        for i, (bar, label) in enumerate(zip(self.bars, self.labels)):
            chosen = index is not None and i == int(index)
            bar.set_fill((color or self.theme.highlight) if chosen else self.color)
            label.set_color((color or self.theme.highlight) if chosen else self.theme.text)
        return self
