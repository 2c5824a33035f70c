#!/bin/sh
# Install what the tests need beyond tools/system-deps.sh, only when missing:
# a headless Chromium, in which tests/kit/test_renders.py opens the gallery page
# (driven over the DevTools pipe, so no chromedriver or Selenium is needed).
# Quick when already installed; same rules as system-deps.sh (apt-get, with
# sudo when not root). Elsewhere it only says what to install: the browser test
# then skips with that reason.
set -eu

PACKAGES="chromium"

for browser in "${NNFIT_CHROMIUM:-}" chromium chromium-browser google-chrome google-chrome-stable; do
    [ -n "$browser" ] && command -v "$browser" >/dev/null 2>&1 && exit 0
done

if [ "$(uname -s)" = "Darwin" ]; then
    echo "test-deps: no Chromium found; the gallery browser test will skip (brew install --cask chromium, or set NNFIT_CHROMIUM)" >&2
    exit 0
fi

if ! command -v dpkg-query >/dev/null 2>&1; then
    echo "test-deps: not a Debian/Ubuntu system; install Chromium (or set NNFIT_CHROMIUM) for the gallery browser test" >&2
    exit 0
fi

# Same install rules as for Manim's packages: only what is missing, sudo when not root.
exec sh "$(dirname "$0")/system-deps.sh" $PACKAGES
