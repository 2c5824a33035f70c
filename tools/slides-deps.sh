#!/bin/sh
# Install what `python -m scenes slides` needs beyond `make render`, only when missing:
# the pinned reveal.js (HTML decks), from the npm registry into a cache folder
# ($NNFIT_NPM_DIR, else $XDG_CACHE_HOME/nnfit/npm, else ~/.cache/nnfit/npm);
# npm itself through apt-get (tools/system-deps.sh rules: only when missing,
# sudo when not root). The deck copies the few reveal.js files it uses, so a
# deck never needs the network. PowerPoint decks need only python-pptx, a
# Python dependency of the project. Quick when already installed.
set -eu

here="$(dirname "$0")"
# One pin, read from the module that copies the files (scenes/kit/slides.py).
VERSION=$(sed -n 's/^REVEAL_VERSION = "\(.*\)".*/\1/p' "$here/../scenes/kit/slides.py")
[ -n "$VERSION" ] || { echo "slides-deps: no REVEAL_VERSION in scenes/kit/slides.py" >&2; exit 1; }
PREFIX="${NNFIT_NPM_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/nnfit/npm}"
PACKAGE="$PREFIX/node_modules/reveal.js/package.json"

if [ -f "$PACKAGE" ] && grep -q "\"version\": *\"$VERSION\"" "$PACKAGE"; then
    exit 0
fi

if ! command -v npm >/dev/null 2>&1; then
    if command -v dpkg-query >/dev/null 2>&1 && [ "$(uname -s)" != "Darwin" ]; then
        sh "$here/system-deps.sh" npm
    fi
    command -v npm >/dev/null 2>&1 || {
        echo "slides-deps: npm is missing (install Node.js and npm); HTML decks need reveal.js $VERSION" >&2
        exit 1
    }
fi

echo "slides-deps: installing reveal.js $VERSION into $PREFIX"
mkdir -p "$PREFIX"
npm install --prefix "$PREFIX" --no-save --no-audit --no-fund --loglevel=error \
    "reveal.js@$VERSION" >/dev/null || {
    echo "slides-deps: npm could not install reveal.js $VERSION (see npm's message above)" >&2
    exit 1
}
