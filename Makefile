# The two commands: `make render` and `make test`. Each sets itself up:
# Debian packages (when missing), a .venv, and an editable install.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: render test bench lint setup system-deps clean-cache slides episodes

# Renders every clip, then writes renders/index.html (also when some clip
# failed, so the page shows what is there; not after Ctrl-C).
render: $(STAMP)
	@status=0; $(PY) -m scenes render --all --quality l --save-sections || status=$$?; \
	if [ $$status -le 1 ]; then $(PY) -m scenes gallery || status=1; fi; \
	exit $$status

test: $(STAMP)
	@sh tools/test-deps.sh
	@sh tools/slides-deps.sh || echo "slides-deps: no reveal.js; the HTML deck tests will skip" >&2
	@sh tools/voice-deps.sh espeak || echo "voice-deps: no espeak-ng; the narrated render test will skip" >&2
	$(PY) -m pytest -q -n auto --dist loadfile

# A deck of every clip, one slide per story beat (renders reused when up to date):
# renders/slides/all/ (index.html with reveal.js, all.pptx). tools/slides-deps.sh
# installs the pinned reveal.js from npm (and npm from apt) only when missing.
slides: $(STAMP)
	@sh tools/slides-deps.sh
	$(PY) -m scenes slides --all

# One video per part of the story and the whole series (renders/episodes/), silent
# and narrated: clips rendered first where missing or stale (reused after `make render`).
# tools/voice-deps.sh installs espeak-ng when Piper (pip install -e '.[voice]') is absent.
episodes: $(STAMP)
	@sh tools/voice-deps.sh
	$(PY) -m scenes episode --all
	$(PY) -m scenes episode --all --narrate
	$(PY) -m scenes gallery

bench: $(STAMP)
	$(PY) -m bench

lint: $(STAMP)
	$(PY) -m ruff check nnmath scenes tests bench

setup: $(STAMP)

clean-cache: $(STAMP)
	$(PY) -m scenes clear-cache

system-deps:
	@sh tools/system-deps.sh

# Re-installs only when pyproject.toml changes (or the venv is gone).
$(STAMP): pyproject.toml | system-deps
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is needed, found " + sys.version.split()[0])'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	@touch $(STAMP)
