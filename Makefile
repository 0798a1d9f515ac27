# Set-up and everyday commands. `make demo` and `make test` work on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Every package `make` installs, pinned to the version tested (README: "The lock file").
LOCK := requirements.lock
INSTALL := $(BIN)/pip install --quiet --disable-pip-version-check --no-build-isolation -c $(LOCK)

.PHONY: demo test lint typecheck test-slow bench bench-quick bench-web diagrams graphviz chromium chromium-driver yaml-language-server lock clean

# The venv holds exactly the locked versions: first the build tools, then vires (editable) with its extras.
$(STAMP): setup.cfg setup.py pyproject.toml $(LOCK)
	$(PYTHON) -m venv $(VENV)
	$(INSTALL) pip setuptools wheel
	$(INSTALL) -e '.[serve,test,dev]'
	touch $(STAMP)

# Regenerate the lock after changing a dependency in setup.cfg, or to take new releases on purpose;
# then run `make test` and commit requirements.lock. uv resolves for every Python vires supports and keeps
# the versions already pinned; `make lock UPGRADE=--upgrade` takes the newest releases the ranges allow.
lock: $(STAMP)
	$(INSTALL) uv
	printf 'pip\nsetuptools>=68\nwheel\nuv\n' | $(BIN)/uv pip compile setup.cfg - --extra serve --extra test --extra bench --extra dev \
	  --universal --python-version 3.10 --custom-compile-command 'make lock' --quiet $(UPGRADE) -o $(LOCK)

# Debian's graphviz provides `dot`, which renders diagrams.
graphviz:
	@if ! command -v dot >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && apt-get install -y -qq graphviz >/dev/null; \
	  else \
	    echo "vires: Graphviz's 'dot' is missing; install Debian's 'graphviz' package (sudo apt-get install graphviz)" >&2; exit 1; \
	  fi; \
	fi

# Debian's chromium prints HTML to PDF headless, for the tests that check how a scheme prints (marker `chromium`).
chromium:
	@if ! command -v chromium >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "vires: 'chromium' is missing; install Debian's 'chromium' package (sudo apt-get install chromium)" >&2; exit 1; \
	  fi; \
	fi

# Debian's chromedriver lets Selenium drive that chromium, for the workbench's browser tests (marker `browser`).
chromium-driver: chromium
	@if ! command -v chromedriver >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && apt-get install -y -qq chromium-driver >/dev/null; \
	  else \
	    echo "vires: 'chromedriver' is missing; install Debian's 'chromium-driver' package (sudo apt-get install chromium-driver)" >&2; exit 1; \
	  fi; \
	fi

# yaml-language-server (npm), the server of Visual Studio Code's YAML extension, for the test that the editor
# header `vires init` writes resolves (marker `yamlls`). `make test` installs it from the npm registry, pinned, under
# build/node (never globally); a plain pytest run without it skips that one test.
YAMLLS := build/node/node_modules/yaml-language-server/package.json
yaml-language-server: $(YAMLLS)
$(YAMLLS):
	@command -v npm >/dev/null 2>&1 || { echo "vires: npm is missing; install Node.js (Debian's 'npm' package)" >&2; exit 1; }
	npm install --silent --no-audit --no-fund --prefix build/node yaml-language-server@1.25.0

# The demo: check the shipped packs, ask the City and Hackney question of the February 2026 paper
# (may the HWBs pass the Neighbourhood Health Plan to the proposed Partnership Board?), draw the diagrams,
# and check the agenda of a sample meeting of the Hackney Health and Wellbeing Board (exit 1: two of its
# items cannot be taken), writing the note to the chair and the calendar of deadlines.
MEETING := decisions/meetings/hackney-hwbb-2026-06-01.yaml
demo: $(STAMP) graphviz
	$(BIN)/vires check @england @london @city-and-hackney @team-hackney @hackney-meetings
	@printf '\n== May the MOU Partnership Board deliver the Neighbourhood Health Plan, if the proposals are adopted?\n'
	$(BIN)/vires ask @city-and-hackney --body ch-partnership-board --decision neighbourhood-health-plan.deliver \
	  --amount 2m --date 2026-06-01 --include-proposed || true
	@printf '\n== And a sub-committee of the Hackney Health and Wellbeing Board?\n'
	$(BIN)/vires ask @city-and-hackney --body hackney-hwbb-nhp-subcommittee --decision neighbourhood-health-plan.deliver \
	  --amount 2m --date 2026-06-01 --include-proposed
	@printf '\n== Who may deliver it, lowest level first?\n'
	$(BIN)/vires who @city-and-hackney --decision neighbourhood-health-plan.deliver --date 2026-06-01 --include-proposed
	@mkdir -p build/demo
	$(BIN)/vires diagram @city-and-hackney --date 2026-06-01 -o build/demo/city-and-hackney.pdf
	$(BIN)/vires diagram @city-and-hackney --decision neighbourhood-health-plan.deliver --body hackney-hwbb-nhp-subcommittee \
	  --amount 2m --date 2026-06-01 --include-proposed --chain-only -o build/demo/chain.svg
	$(BIN)/vires scheme @city-and-hackney --all --date 2026-06-01 --include-proposed -o build/demo/scheme.html
	$(BIN)/vires scheme @city-and-hackney --all --date 2026-06-01 --include-proposed -o build/demo/scheme.docx
	$(BIN)/vires ask @city-and-hackney --body lb-hackney --decision s75-arrangements.pooled-fund.establish \
	  --amount 2m --date 2026-06-01 -o build/demo/answer.md
	$(BIN)/vires ask @city-and-hackney --body lb-hackney --decision s75-arrangements.pooled-fund.establish \
	  --amount 2m --date 2026-06-01 -o build/demo/answer.docx
	@printf '\n== The agenda of the Hackney Health and Wellbeing Board on 1 June 2026, checked on 18 May\n'
	$(BIN)/vires agenda $(MEETING) --as-of 2026-05-18 || [ $$? -eq 1 ]
	$(BIN)/vires agenda $(MEETING) --as-of 2026-05-18 \
	  -o build/demo/agenda-note.docx -o build/demo/agenda-note.html -o build/demo/agenda-deadlines.ics || [ $$? -eq 1 ]
	@printf '\nDiagrams (city-and-hackney.pdf prints on A4, a page for each organisation), the scheme of delegation\n'
	@printf '(HTML and Word), an answer for a paper (Markdown and Word), and the agenda'"'"'s note to the chair (Word\n'
	@printf 'and HTML) with its calendar of deadlines (agenda-deadlines.ics, for Outlook) are in build/demo/ (open\n'
	@printf 'scheme.html in a browser, the .docx files in Word).\n'
	@printf '\n== The workbench: every question above in a web browser, by name. Start it with\n'
	@printf '     $(BIN)/vires serve\n'
	@printf '   and open http://127.0.0.1:8421/ (Ctrl+C stops it).\n'

# The diagrams of every shipped pack and of two chains, as DOT and SVG (each SVG rendered from the DOT
# written beside it), each sized for A4 with no text under 9 pt. A pack too large for one page is drawn
# as a PDF is: the organisations alone, then each organisation with a page of its own. All as at
# 1 June 2026, so that nothing committed depends on the day it is built; one page also as PNG, for the
# README. tests/test_diagram_paper.py runs these lines and fails when a committed DOT file is stale.
DIAGRAM := $(BIN)/vires diagram --date 2026-06-01
diagrams: $(STAMP) graphviz
	$(DIAGRAM) @england -o diagrams/england.dot -o diagrams/england.svg
	$(DIAGRAM) @london --overview -o diagrams/london.dot -o diagrams/london.svg
	$(DIAGRAM) @london --for lb-haringey -o diagrams/london-lb-haringey.dot -o diagrams/london-lb-haringey.svg
	$(DIAGRAM) @london --for lb-lewisham -o diagrams/london-lb-lewisham.dot -o diagrams/london-lb-lewisham.svg
	$(DIAGRAM) @london-places --for sel-icb -o diagrams/london-places-sel-icb.dot -o diagrams/london-places-sel-icb.svg
	$(DIAGRAM) @london-places --function neighbourhood-health \
	  -o diagrams/london-places-neighbourhood-health.dot -o diagrams/london-places-neighbourhood-health.svg
	$(DIAGRAM) @team-hackney -o diagrams/team-hackney.dot -o diagrams/team-hackney.svg
	$(DIAGRAM) @city-and-hackney --overview -o diagrams/city-and-hackney.dot -o diagrams/city-and-hackney.svg
	$(DIAGRAM) @city-and-hackney --for lb-hackney \
	  -o diagrams/city-and-hackney-lb-hackney.dot -o diagrams/city-and-hackney-lb-hackney.svg
	$(DIAGRAM) @city-and-hackney --for city-of-london-corporation \
	  -o diagrams/city-and-hackney-city-of-london.dot -o diagrams/city-and-hackney-city-of-london.svg \
	  -o diagrams/city-and-hackney-city-of-london.png
	$(DIAGRAM) @city-and-hackney --for ch-place-based-partnership \
	  -o diagrams/city-and-hackney-place-based-partnership.dot -o diagrams/city-and-hackney-place-based-partnership.svg
	$(DIAGRAM) @city-and-hackney --decision neighbourhood-health-plan.deliver \
	  --body hackney-hwbb-nhp-subcommittee --amount 2m --fact present=5 --include-proposed --chain-only \
	  -o diagrams/chain-nhp-subcommittee.dot -o diagrams/chain-nhp-subcommittee.svg
	$(DIAGRAM) @city-and-hackney --decision neighbourhood-health-plan.develop \
	  --body ch-nhp-joint-committee --include-proposed --for city-of-london-corporation \
	  -o diagrams/chain-nhp-joint-committee.dot -o diagrams/chain-nhp-joint-committee.svg

# The code's own checks first (lint, format, types, layer contracts), then every test.
test: $(STAMP) graphviz chromium chromium-driver yaml-language-server lint typecheck
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# mypy and the import-layer contracts (setup.cfg) read the package as it is installed: vires with cli/ as
# vires.cli. build/typecheck holds that tree as links to the sources, made anew each run.
TYPED := build/typecheck
typecheck: $(STAMP)
	rm -rf $(TYPED) && mkdir -p $(TYPED)/vires
	ln -s $(CURDIR)/vires/* $(TYPED)/vires/ && ln -s $(CURDIR)/cli $(TYPED)/vires/cli
	cd $(TYPED) && $(CURDIR)/$(BIN)/mypy --config-file $(CURDIR)/setup.cfg -p vires
	cd $(TYPED) && PYTHONPATH=. $(CURDIR)/$(BIN)/lint-imports $(CURDIR)/setup.cfg

test-slow: $(STAMP) graphviz
	$(BIN)/python -m pytest -q -m slow

# The benchmark (bench/README.md): `bench` runs every size, then the workbench under load (bench/web_load.py),
# and writes bench/RESULTS.md and bench/results.png; `bench-quick` runs 1,000 delegations with fewer questions,
# without the workbench, and prints the table.
bench: $(STAMP)
	$(BIN)/python -c 'import cedarpy, clingo, matplotlib, regopy' 2>/dev/null || $(INSTALL) -e '.[bench]'
	$(BIN)/python -m bench.run --results bench/RESULTS.md --plot bench/results.png

bench-quick: $(STAMP)
	$(BIN)/python -c 'import cedarpy, clingo, matplotlib, regopy' 2>/dev/null || $(INSTALL) -e '.[bench]'
	$(BIN)/python -m bench.run --sizes 1000 --questions 1000 --who 20 --cli-runs 3 --no-web

# The workbench's load test alone (bench/web_load.py; `bench` runs it too, with fewer requests): /api/ask and
# the Ask page on the shipped packs and the 20,000-delegation pack, eight clients on 127.0.0.1, the server on
# one core; writes bench/WEB.md.
bench-web: $(STAMP)
	$(BIN)/python -m bench.web_load --results bench/WEB.md

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .hypothesis
