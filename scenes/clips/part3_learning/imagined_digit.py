"""Clip 31, ImaginedDigit: "it has no idea how to draw them", computed.

Gradient steps on the *input pixels* of the trained 784-16-16-10 digit network
(``nnmath.inputs.ascend_input``): from a plain grey image, every step moves all
784 pixels along the gradient of the network's cost for the answer 5 (found by
backpropagation carried to the pixels) and keeps them in [0, 1], until the
network's output for 5 reaches 0.99. The search plays as the picture: the image
changing beside the network's ten outputs. Then the image it is that sure of
beside the average of the training 5s, and beside the average of the
random-dot images it calls a 5 (``noise_called``); the network's output for 5
on each, as bars, and how much each looks like the average 5 (pixel
correlation) in the narration.

The network is the one the other digit clips show, trained on the 4,000 sample
images (``data=sample``, the default: the picture does not need more);
``data=full`` trains it on the 60,000 MNIST images instead.

Render: ``python -m scenes render ImaginedDigit`` (or ``manim -ql
scenes/clips/part3_learning/imagined_digit.py ImaginedDigit``); try
``--set digit=3`` or ``--set start=blank``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import numpy as np
from manim import (
    DOWN,
    LEFT,
    UP,
    Arrow,
    Create,
    Group,
    SurroundingRectangle,
    UpdateFromAlphaFunc,
    VGroup,
    linear,
)

from nnmath import Network, Trajectory
from nnmath.inputs import NoiseAverage, ascend_input, noise_called, pixel_correlation
from scenes.core.cache import cached_trajectory
from scenes.core.digit_model import DIGIT_PARAMS, trained_digit_network
from scenes.core.layout import MAIN
from scenes.core.params import Param, ParamError, ParamValues
from scenes.core.theme import Size
from scenes.render.clip import ClipScene
from scenes.render.fades import fade_in, fade_out
from scenes.render.freeze import freeze
from scenes.widgets.images import digit_image, framed, grey_rgb
from scenes.widgets.network import NetworkDiagram, OutputBars
from scenes.widgets.text import Captions, Readout, merged_text, title

RECORDS = 120  # frames of the ascent kept for the replay (log-spaced steps)
ASCENT_SECONDS = 7.0
PICTURE = 3.4  # the image beside the network
SLOT = 3.1  # each of the three images compared
SLOT_X = (-4.65, -0.15, 4.35)
STARTS = ("grey", "blank", "noise")


def start_image(kind: str, seed: int) -> np.ndarray:
    """Where the search starts: plain grey (0.5), blank (0), or uniform noise."""
    if kind == "grey":
        return np.full(784, 0.5)
    if kind == "blank":
        return np.zeros(784)
    return np.random.default_rng(seed).uniform(0.0, 1.0, 784)


def replay_indices(n: int, k: int = RECORDS) -> np.ndarray:
    """About ``k`` of the ``n`` recorded steps 0..n-1, log-spaced, first and last kept."""
    if n <= k:
        return np.arange(n)
    inner = np.unique(np.rint(np.geomspace(1, n - 1, k - 1)).astype(int))
    return np.concatenate([[0], inner])


def stretched(image: np.ndarray) -> np.ndarray:
    """Grey levels spread to the full range: the darkest pixel 0, the brightest 1 (display)."""
    lo, hi = float(image.min()), float(image.max())
    return (image - lo) / (hi - lo) if hi > lo else np.zeros_like(image)


@dataclass(frozen=True)
class ImaginedData:
    """Everything the clip shows, computed before the first frame."""

    network: Network
    test_accuracy: float
    n_train: int
    digit: int
    steps: np.ndarray  # recorded step numbers kept for the replay
    images: np.ndarray  # (K, 784) the image at those steps
    outputs: np.ndarray  # (K, 10) the network's outputs on them
    reached: bool
    average: np.ndarray  # mean training image of the digit
    n_average: int
    average_outputs: np.ndarray  # (10,)
    noise: NoiseAverage
    noise_outputs: np.ndarray  # (10,) outputs on the noise average itself
    r_imagined: float  # pixel correlation with the average training digit
    r_noise: float

    @property
    def confidences(self) -> np.ndarray:
        """The output for the digit: imagined, average training digit, average of dots."""
        return np.array([self.outputs[-1, self.digit], self.average_outputs[self.digit],
                         self.noise_outputs[self.digit]])  # fmt: skip


def compute_search(network: Network, p: ParamValues, density: float) -> Trajectory:
    """The ascent (replay frames only) and the random dots, packed for the cache."""
    run = ascend_input(network, p.digit, start_image(p.start, p.noise_seed), p.learning_rate,
                       p.max_steps, p.target)  # fmt: skip
    keep = replay_indices(len(run.steps))
    noise = noise_called(network, p.digit, p.noise_images, p.noise_seed, density)
    return Trajectory(
        steps=run.steps[keep], params=np.zeros((len(keep), 0)), loss=run.cost[keep],
        layer_sizes=[1], extras={"images": run.images[keep], "outputs": run.outputs[keep]},
        meta={"reached": run.reached, "noise_count": noise.count, "noise_n": noise.n,
              "noise_answers": noise.answers.tolist(), "noise_mean_output": noise.mean_output,
              "noise_average": noise.average.tolist(), "density": density,
              "noise_examples": noise.examples.tolist()},
    )  # fmt: skip


class ImaginedDigit(Captions, ClipScene):
    """Gradient steps on the pixels: an image the network is 99% sure is a 5."""

    SUMMARY = "what the digit network is surest is a 5: gradient steps on the pixels"
    PARAMS = (
        *DIGIT_PARAMS,
        Param("digit", int, 5, "the digit the pixels are pushed towards", lo=0, hi=9),
        Param("start", str, "grey", "the starting image: plain grey, blank, or uniform noise",
              choices=STARTS),
        Param("target", float, 0.99, "stop once the output for the digit reaches this",
              lo=0.5, hi=0.999),
        Param("learning_rate", float, 1.0, "step size on the pixels", lo=0.01, hi=20.0),
        Param("max_steps", int, 5000, "most steps on the pixels", lo=10, hi=20_000),
        Param("noise_images", int, 50_000, "random-dot images tried", lo=1000, hi=500_000),
        Param("noise_seed", int, 0, "seed of the random dots (and of a noise start)", lo=0,
              hi=10**6),
    )  # fmt: skip

    @classmethod
    def prepare(cls, p: ParamValues) -> ImaginedData:
        network, history, (x_train, y_train, _, _) = trained_digit_network(
            p.data, p.seed, p.epochs)  # fmt: skip
        density = float(np.mean(x_train))  # dots as bright, on average, as the digits
        key = {name: getattr(p, name) for name in ("data", "seed", "epochs", "digit", "start",
                                                   "target", "learning_rate", "max_steps",
                                                   "noise_images", "noise_seed")}  # fmt: skip
        key["directory"] = os.environ.get("NNFIT_MNIST_DIR", "") if p.data == "full" else ""
        run = cached_trajectory("imagined_digit", key,
                                lambda: compute_search(network, p, density))  # fmt: skip
        m = run.meta
        average = np.asarray(x_train[y_train == p.digit], dtype=float).mean(axis=0)
        noise = NoiseAverage(p.digit, m["noise_n"], m["noise_count"],
                             np.array(m["noise_average"]), np.array(m["noise_answers"]),
                             m["noise_mean_output"], m["density"],
                             np.array(m["noise_examples"]).reshape(-1, 784))  # fmt: skip
        if noise.count < 2:
            raise ParamError(f"digit={p.digit}: the network called {noise.count} of the "
                             f"{noise.n:,} random-dot images a {p.digit}, too few to average; "
                             "try more noise_images")  # fmt: skip
        images = run.extras["images"]
        return ImaginedData(
            network=network, test_accuracy=float(history.extras["test_accuracy"][-1]),
            n_train=len(x_train), digit=p.digit, steps=run.steps, images=images,
            outputs=run.extras["outputs"], reached=bool(m["reached"]), average=average,
            n_average=int(np.sum(y_train == p.digit)),
            average_outputs=network.forward(average)[0], noise=noise,
            noise_outputs=network.forward(noise.average)[0],
            r_imagined=pixel_correlation(images[-1], average),
            r_noise=pixel_correlation(noise.average, average),
        )  # fmt: skip

    # -- the story -----------------------------------------------------------------
    def construct(self) -> None:
        d = self.data
        self.heading = title(f"What does the network think a {d.digit} looks like?", self.theme)
        self.show_question()
        self.play_search()
        self.show_result()
        self.show_average()
        self.show_dots()
        self.show_verdict()

    def show_question(self) -> None:
        d, t, k = self.data, self.theme, self.data.digit
        self.picture = framed(digit_image(d.images[0], height=PICTURE, theme=t), t)
        self.picture.move_to([MAIN.x0 + PICTURE / 2 + 0.1, 0.3, 0])
        self.add(self.heading, self.picture)  # from the first frame: no empty poster frame
        self.step = Readout("step", 0, t, decimals=0)
        self.step.next_to(self.picture, DOWN, buff=0.3)
        network = NetworkDiagram(d.network.layer_sizes, t, output_labels=(), neuron_radius=0.07,
                                 neuron_buff=0.05, layer_buff=1.1,
                                 font_size=Size.READOUT).move_to([-0.45, 0.3, 0])  # fmt: skip
        self.bars = OutputBars(d.outputs[0], t, bar_length=2.8, bar_height=0.34, row_buff=0.13,
                               show_numbers=False)  # fmt: skip
        self.bars.move_to([4.5, 0.3, 0]).highlight(k)
        self.output = Readout(f"output for {k}", float(d.outputs[0, k]), t, decimals=3,
                              color=t.highlight)  # fmt: skip
        self.output.next_to(self.bars, DOWN, buff=0.3).align_to(self.bars.tracks, LEFT)
        self.arrows = Group(
            Arrow(self.picture.get_right(), network.get_left(), buff=0.15, color=t.muted),
            Arrow(network.get_right(), self.bars.get_left(), buff=0.2, color=t.muted),
        )
        source = "sample" if self.p.data == "sample" else "MNIST"
        start = {"grey": "a plain grey image, every pixel 0.5", "blank": "a blank image",
                 "noise": "an image of uniform noise"}[self.p.start]  # fmt: skip
        self.play(
            self.start_beat(
                "question", f"Ask the trained network: what makes it sure of a {k}?",
                f"The trained digit network, 784-16-16-10, trained for {self.p.epochs} epochs on "
                f"{d.n_train:,} {source} training images ({100 * d.test_accuracy:.1f}% of its "
                f"test images right). Start from {start}: its output for {k} is "
                f"{d.outputs[0, k]:.3f}.",
            ),
            fade_in(network), fade_in(self.arrows),
            fade_in(self.bars), fade_in(self.step), fade_in(self.output), run_time=1.0,
        )  # fmt: skip
        self.network = freeze(network, self.renderer.camera)  # still from here on: an image
        self.mobjects[self.mobjects.index(network)] = self.network
        self.shown["start_output"] = f"{d.outputs[0, k]:.3f}"
        self.wait(2.0)

    def show_frame(self, i: int) -> None:
        d, k = self.data, self.data.digit
        self.picture[0].pixel_array[..., :3] = grey_rgb(d.images[i].reshape(28, 28), self.theme)
        self.bars.set_values(d.outputs[i])
        self.step.set_value(int(d.steps[i]))
        self.output.set_value(float(d.outputs[i, k]))

    def play_search(self) -> None:
        d, k = self.data, self.data.digit
        last = len(d.steps) - 1
        self.play(
            self.start_beat(
                "search", f"Nudge every pixel towards \u201cmore {k}\u201d, again and again",
                f"Each step moves all 784 pixels a little along the gradient of the network's "
                f"cost for the answer {k}: its output for {k} up, the other nine down. The "
                f"gradient comes from backpropagation carried one layer further, to the pixels; "
                f"every pixel is kept between 0 and 1. Step size {self.p.learning_rate:g}; the "
                "replay speeds up as the steps go on.",
            ),
            run_time=0.6,
        )

        def update(_mob, alpha: float) -> None:
            self.show_frame(min(last, int(alpha * (last + 1))))

        self.play(UpdateFromAlphaFunc(Group(self.picture[0], self.bars.live, self.step.number,
                                            self.output.number), update),
                  run_time=ASCENT_SECONDS, rate_func=linear)  # fmt: skip
        self.show_frame(last)
        self.shown["search"] = {"step": int(self.step.value), "output": f"{self.output.value:.3f}",
                                "image": d.images[-1], "bars": self.bars.values.copy()}

    def show_result(self) -> None:
        d, k = self.data, self.data.digit
        sure, steps = float(d.outputs[-1, k]), int(d.steps[-1])
        if d.reached:
            headline = f"{100 * sure:.0f}% sure it is a {k}. Does it look like one?"
            text = (f"After {steps:,} steps its output for {k} is {sure:.3f}, and at most "
                    f"{np.delete(d.outputs[-1], k).max():.3f} for any other digit: by its own "
                    f"outputs it is sure. This is the picture it is that sure of.")  # fmt: skip
        else:
            headline = f"After {steps:,} steps: output {sure:.2f} for {k}"
            text = (f"After {steps:,} steps (the most allowed) its output for {k} is only "
                    f"{sure:.3f}, short of the {self.p.target:g} asked for. This is the "
                    "picture it is surest of so far.")  # fmt: skip
        ring = SurroundingRectangle(self.picture, color=self.theme.highlight, buff=0.08)
        self.play(self.start_beat("result", headline, text), Create(ring), run_time=1.0)
        self.shown["result"] = {"headline": headline, "narration": text}
        self.wait(3.0)
        self.ring = ring

    # -- the comparison ---------------------------------------------------------------
    def slot(self, j: int, image: np.ndarray, label: str, value: float, note: str = ""):
        """Column ``j``: a label, the image, a bar of the output for the digit (and a note)."""
        t = self.theme
        picture = framed(digit_image(image, height=SLOT, theme=t), t).move_to([SLOT_X[j], 0.45, 0])
        words = Group(merged_text(label, t.text, Size.READOUT).next_to(picture, UP, buff=0.25))
        bar = OutputBars([value], t, labels=[str(self.data.digit)], bar_length=SLOT - 0.8,
                         bar_height=0.34, decimals=3,
                         color=[t.model, t.text, t.compare][j])  # fmt: skip
        bar.next_to(picture, DOWN, buff=0.35)
        bar.shift([picture.get_center()[0] - bar.tracks.get_center()[0], 0, 0])
        if note:
            words.add(merged_text(note, t.muted, Size.READOUT).next_to(bar, DOWN, buff=0.2))
        return picture, words, bar

    def show_average(self) -> None:
        d, k = self.data, self.data.digit
        self.slots = [
            self.slot(0, d.images[-1], "what it is sure of", d.confidences[0]),
            self.slot(1, d.average, "the training average", d.confidences[1]),
        ]  # fmt: skip
        new_picture = self.slots[0][0]
        self.play(
            self.start_beat(
                "average", f"Beside it, the average of the training {k}s",
                f"Beside it, the average of the {d.n_average:,} training images labelled {k}: "
                f"that is what a {k} looks like. The network's output for {k} on it is "
                f"{d.confidences[1]:.3f}; on the searched image, {d.confidences[0]:.3f}. Their "
                f"pixels correlate at only r = {d.r_imagined:.2f}.",
            ),
            fade_out(Group(self.network, self.arrows, self.bars, self.step, self.output,
                           self.ring)),
            self.picture.animate.move_to(new_picture).scale(SLOT / PICTURE),
            run_time=1.2,
        )  # fmt: skip
        self.remove(self.picture)
        self.add(new_picture)
        for picture, words, bar in self.slots:
            self.play(fade_in(words), fade_in(bar), fade_in(picture), run_time=0.8)
        self.shown["average"] = {"r": f"{d.r_imagined:.2f}", "values": d.confidences[:2].copy(),
                                 "n": d.n_average, "image": d.average}  # fmt: skip
        self.wait(2.5)

    def show_dots(self) -> None:
        d, t, k, noise = self.data, self.theme, self.data.digit, self.data.noise
        picture, words, bar = self.slot(2, stretched(noise.average), "random dots, averaged",
                                        d.confidences[2], "contrast stretched")  # fmt: skip
        examples = [framed(digit_image(e, height=SLOT, theme=t), t).move_to(picture)
                    for e in noise.examples]  # fmt: skip
        share = noise.count / noise.n
        text = (f"Now {noise.n:,} images of random dots, each pixel white with probability "
                f"{noise.density:.2f} (the training digits' mean brightness). It calls "
                f"{noise.count:,} of them a {k} ({100 * share:.1f}%), with a mean output of "
                f"{noise.mean_output:.2f}. Their average, drawn with its contrast stretched, "
                f"gets {d.confidences[2]:.3f} itself; its pixels correlate with the average "
                f"{k} at r = {d.r_noise:.2f}.")  # fmt: skip
        self.play(self.start_beat("dots", f"Random dots it calls a {k}, averaged", text),
                  fade_in(words), run_time=0.8)
        for example in examples:  # a few of the dot images it calls the digit, then their mean
            self.play(fade_in(example), run_time=0.4)
            self.wait(0.4)
            self.remove(example)
        self.play(fade_in(picture), fade_in(bar), run_time=0.8)
        self.slots.append((picture, words, bar))
        self.shown["dots"] = {"count": noise.count, "n": noise.n, "value": d.confidences[2],
                              "r": f"{d.r_noise:.2f}", "narration": text,
                              "image": noise.average}  # fmt: skip
        self.wait(3.0)

    def show_verdict(self) -> None:
        d, k = self.data, self.data.digit
        imagined, average, dots = d.confidences
        if imagined >= average - 0.005 and d.r_imagined < 0.5:
            headline = f"As sure as of a real {k}, and it draws no {k}"
        elif d.r_imagined < 0.5:
            headline = f"Sure of a {k} it could never draw"
        else:
            headline = f"Its surest {k} does look like a {k}"
        text = (f"Outputs for {k}: {imagined:.3f} for the image the search found, {average:.3f} "
                f"for the average training {k}, {dots:.3f} for the average of the dots it calls "
                f"{k}. High outputs say the network is sure, not that it knows what a {k} looks "
                f"like: it was only trained to score images, never to draw them. Correlation "
                f"with the average {k}: r = {d.r_imagined:.2f} for the searched image.")
        rings = VGroup(*[SurroundingRectangle(bar.bars, color=self.theme.highlight, buff=0.06)
                        for _, _, bar in self.slots])  # fmt: skip
        self.play(self.start_beat("verdict", headline, text), Create(rings), run_time=1.0)
        self.shown["verdict"] = {"headline": headline, "narration": text,
                                 "bars": [float(bar.values[0]) for _, _, bar in self.slots]}
        self.wait(4.0)

