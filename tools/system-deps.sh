#!/bin/sh
# Install the Debian/Ubuntu packages Manim needs, only those missing.
# ManimPango and pycairo compile from source on Linux (no wheels on PyPI), so
# they need Cairo, Pango and a compiler; MathTex needs a LaTeX with dvisvgm.
# PyAV bundles ffmpeg, so no system ffmpeg is needed.
# With arguments, installs those packages instead (tools/test-deps.sh uses this).
set -eu

PACKAGES="build-essential python3-dev pkg-config libcairo2-dev libpango1.0-dev \
texlive-latex-base texlive-latex-extra texlive-fonts-recommended dvisvgm cm-super"
[ "$#" -gt 0 ] && PACKAGES="$*"

if [ "$(uname -s)" = "Darwin" ]; then
    for tool in pkg-config latex; do
        command -v "$tool" >/dev/null 2>&1 || {
            echo "system-deps: on macOS run: brew install py3cairo pango pkg-config && brew install --cask mactex-no-gui" >&2
            exit 1
        }
    done
    exit 0
fi

if ! command -v dpkg-query >/dev/null 2>&1; then
    echo "system-deps: not a Debian/Ubuntu system; install the equivalents of: $PACKAGES (see README)" >&2
    exit 0
fi

missing=""
for pkg in $PACKAGES; do
    status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
    case "$status" in
        *"install ok installed"*) ;;
        *) missing="$missing $pkg" ;;
    esac
done
[ -z "$missing" ] && exit 0

echo "system-deps: installing:$missing"
if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
else
    echo "system-deps: missing packages:$missing; run as root or install sudo, then: apt-get install$missing" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
# Wait for another apt (an unattended upgrade, a parallel set-up) instead of failing.
LOCK="-o DPkg::Lock::Timeout=600"
# shellcheck disable=SC2086
$SUDO apt-get $LOCK update -qq || { echo "system-deps: apt-get update failed" >&2; exit 1; }
# shellcheck disable=SC2086
$SUDO apt-get $LOCK install -y -qq --no-install-recommends $missing || {
    echo "system-deps: could not install:$missing (see apt's message above)" >&2
    exit 1
}
