"""Scene parameters: declared once per scene, parsed and checked before rendering.

A clip declares what users may tweak as ``PARAMS`` on its class::

    class LeastSquaresLine(ClipScene):
        PARAMS = (
            Param("n_points", int, 12, "number of data points", lo=3, hi=60),
            Param("noise", float, 0.8, "std. dev. of the vertical noise", lo=0, hi=5),
        )

Values come, later ones winning, from: the defaults, the parameters file
(``$NNFIT_PARAMS_FILE``, TOML with one table per scene), the environment
variable ``$NNFIT_PARAMS`` (``"key=value key=value"``), and the project
CLI's ``--set key=value``. Every value is checked against its declaration
before any frame is drawn; a bad one raises :class:`ParamError`, which the
CLI turns into one line on stderr and exit status 2.
"""

from __future__ import annotations

import os
import shlex
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ENV_PARAMS = "NNFIT_PARAMS"
ENV_PARAMS_FILE = "NNFIT_PARAMS_FILE"


class ParamError(ValueError):
    """A parameter value a scene cannot use; its message is one readable line."""


@dataclass(frozen=True)
class Param:
    """One tweakable scene parameter.

    Parameters
    ----------
    name
        Key users write in ``--set name=value``.
    type
        ``int``, ``float``, ``str``, ``bool``, or ``tuple`` (a comma-separated
        list of floats, e.g. ``starts=-2.5,0.3,2``; with ``pairs=True`` a list
        of points ``x:y,x:y``).
    default
        Value used when the user sets nothing.
    help
        One line for ``python -m scenes list``.
    lo, hi
        Inclusive bounds for numbers (for tuples: bounds on each number).
    choices
        Allowed values for strings.
    visual
        True when the value changes only how the clip looks, not what is
        computed (so changing it never retrains).
    in_name
        False for a value that output names carry otherwise (``narrate``: the
        ``.narrated`` tag), so ``suffix()`` leaves it out.
    """

    name: str
    type: type
    default: Any
    help: str
    lo: float | None = None
    hi: float | None = None
    choices: tuple[str, ...] | None = None
    visual: bool = False
    pairs: bool = False
    min_len: int = 1
    max_len: int = 12
    #: Narrower bounds that hold when another parameter has a given value, as
    #: ``((other, value, lo, hi), ...)``: ``(("data", "sample", 0, 999), ...)`` reads
    #: "0 to 999 with data=sample". ``lo``/``hi`` stay the widest bounds.
    ranges: tuple[tuple[str, str, float, float], ...] = ()
    in_name: bool = True

    def describe_range(self) -> str:
        if self.choices:
            return "one of " + ", ".join(self.choices)
        if self.type is bool:
            return "true or false"
        if self.type is tuple:
            what = "points x:y" if self.pairs else "numbers"
            bounds = self._bounds_text()
            return f"{self.min_len} to {self.max_len} comma-separated {what}" + (
                f", each {bounds}" if bounds else ""
            )
        return self._bounds_text() or f"any {self.type.__name__}"

    def _bounds_text(self) -> str:
        if self.ranges:
            return ", ".join(f"from {lo:g} to {hi:g} with {other}={value}"
                             for other, value, lo, hi in self.ranges)  # fmt: skip
        if self.lo is not None and self.hi is not None:
            return f"from {self.lo:g} to {self.hi:g}"
        if self.lo is not None:
            return f">= {self.lo:g}"
        if self.hi is not None:
            return f"<= {self.hi:g}"
        return ""

    def parse(self, text: str) -> Any:
        """Convert the text a user typed into a checked value."""
        text = str(text).strip()
        try:
            if self.type is bool:
                low = text.lower()
                if low not in ("true", "false", "1", "0", "yes", "no", "on", "off"):
                    raise ValueError(text)
                value: Any = low in ("true", "1", "yes", "on")
            elif self.type is int:
                value = int(text)
            elif self.type is float:
                value = float(text)
            elif self.type is tuple:
                items = [s for s in text.replace(" ", "").split(",") if s]
                if self.pairs:
                    value = tuple(tuple(float(v) for v in s.split(":", 1)) for s in items)
                    if any(len(p) != 2 for p in value):
                        raise ValueError(text)
                else:
                    value = tuple(float(s) for s in items)
            else:
                value = text
        except ValueError:
            raise ParamError(
                f"{self.name}={text!r} is not a valid {self._type_word()}; "
                f"expected {self.describe_range()}"
            ) from None
        return self.check(value)

    def _type_word(self) -> str:
        if self.type is tuple:
            return "list of points" if self.pairs else "list of numbers"
        return {int: "integer", float: "number", bool: "true/false", str: "string"}.get(
            self.type, self.type.__name__
        )

    def check(self, value: Any) -> Any:
        """Check a value (already of the right type) against the declaration."""
        if self.type is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if self.type is tuple and isinstance(value, list):
            value = tuple(tuple(v) if isinstance(v, list) else v for v in value)
        if self.type is not tuple and not isinstance(value, self.type):
            raise ParamError(
                f"{self.name}={value!r} is not a valid {self._type_word()}; "
                f"expected {self.describe_range()}"
            )
        if self.choices and value not in self.choices:
            raise ParamError(
                f"{self.name}={value!r} is not allowed; choose one of {', '.join(self.choices)}"
            )
        numbers: list[float] = []
        if self.type in (int, float):
            numbers = [value]
        elif self.type is tuple:
            if not self.min_len <= len(value) <= self.max_len:
                raise ParamError(
                    f"{self.name} has {len(value)} entries; expected {self.describe_range()}"
                )
            numbers = [v for item in value for v in (item if self.pairs else (item,))]
        for v in numbers:
            if v != v or v in (float("inf"), float("-inf")):
                raise ParamError(f"{self.name}={value!r} is not finite")
            if (self.lo is not None and v < self.lo) or (self.hi is not None and v > self.hi):
                raise ParamError(
                    f"{self.name}={value!r} is out of range; expected {self.describe_range()}"
                )
        return value

    def format(self, value: Any) -> str:
        """The value as a user would type it (and as it appears in file names)."""
        if self.type is tuple:
            if self.pairs:
                return ",".join(f"{x:g}:{y:g}" for x, y in value)
            return ",".join(f"{v:g}" for v in value)
        if self.type is float:
            return f"{value:g}"
        if self.type is bool:
            return "true" if value else "false"
        return str(value)


THEME_PARAM = Param(
    "theme",
    str,
    "dark",
    "colour theme: dark for video, light for slides",
    choices=("dark", "light"),
    visual=True,
)


@dataclass
class ParamValues:
    """Resolved values of a scene's parameters, read as attributes (``p.seed``)."""

    specs: tuple[Param, ...]
    values: dict[str, Any] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        values = self.__dict__.get("values", {})
        if name in values:
            return values[name]
        raise AttributeError(name)

    def non_default(self) -> dict[str, Any]:
        return {p.name: self.values[p.name] for p in self.specs if self.values[p.name] != p.default}

    def computed(self) -> dict[str, Any]:
        """The values that change what nnmath computes (cache keys use these)."""
        return {p.name: self.values[p.name] for p in self.specs if not p.visual}

    def suffix(self) -> str:
        """File-name part naming the non-default parameters, e.g. ``__seed-3_noise-0.5``."""
        specs = {p.name: p for p in self.specs}
        parts = []
        for name, value in self.non_default().items():
            if not specs[name].in_name:
                continue
            text = specs[name].format(value).replace(":", "_").replace(",", "+")
            parts.append(f"{name}-{text}")
        return ("__" + "_".join(parts)) if parts else ""


def parse_assignments(items: Iterable[str]) -> dict[str, str]:
    """``["a=1", "b=x"]`` -> ``{"a": "1", "b": "x"}``; a malformed item is a ParamError."""
    out: dict[str, str] = {}
    for item in items:
        if "=" not in item:
            raise ParamError(f"{item!r} is not of the form key=value")
        key, value = item.split("=", 1)
        out[key.strip()] = value.strip()
    return out


def read_params_file(path: str | os.PathLike, scene_name: str) -> dict[str, Any]:
    """The table for ``scene_name`` in a TOML parameters file (empty if absent)."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text())
    except FileNotFoundError:
        raise ParamError(f"parameters file not found: {path}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ParamError(f"parameters file {path} is not valid TOML: {exc}") from None
    table = data.get(scene_name, {})
    if not isinstance(table, dict):
        raise ParamError(f"in {path}, [{scene_name}] must be a table of key = value")
    return table


def resolve(
    scene_name: str,
    specs: tuple[Param, ...],
    overrides: Mapping[str, Any] | None = None,
    environ: Mapping[str, str] | None = None,
) -> ParamValues:
    """Merge defaults, parameters file, ``$NNFIT_PARAMS`` and overrides; check all.

    Values in ``overrides`` and the environment variable may be strings (parsed)
    or already typed values (checked).
    """
    environ = os.environ if environ is None else environ
    by_name = {p.name: p for p in specs}
    values = {p.name: p.default for p in specs}
    layers: list[tuple[str, Mapping[str, Any]]] = []
    if environ.get(ENV_PARAMS_FILE):
        layers.append(("parameters file", read_params_file(environ[ENV_PARAMS_FILE], scene_name)))
    if environ.get(ENV_PARAMS):
        layers.append((ENV_PARAMS, parse_assignments(shlex.split(environ[ENV_PARAMS]))))
    if overrides:
        layers.append(("--set", overrides))
    for _source, layer in layers:
        for key, raw in layer.items():
            if key not in by_name:
                raise ParamError(
                    f"{scene_name} has no parameter {key!r}; valid: {', '.join(by_name)}"
                )
            spec = by_name[key]
            values[key] = spec.parse(raw) if isinstance(raw, str) else spec.check(raw)
    for spec in specs:  # bounds that depend on another value, once all are known
        check_ranges(spec, values, by_name)
    return ParamValues(specs, values)


def check_ranges(spec: Param, values: Mapping[str, Any], by_name: Mapping[str, Param]) -> None:
    """ParamError when ``spec``'s value is outside the bounds another value sets."""
    for other, text, lo, hi in spec.ranges:
        if other not in values or by_name[other].format(values[other]) != text:
            continue
        value = values[spec.name]
        if not lo <= value <= hi:
            raise ParamError(
                f"{spec.name}={spec.format(value)} is out of range with {other}={text}; "
                f"expected {spec.describe_range()}"
            )
