# Packaging targets for 支部纪实 (zhibu). Linux/macOS shell; on Windows see docs/packaging.md.
#
#   make dist             build dist/zhibu/ with PyInstaller (creates/updates .venv with .[build] first)
#   make selftest-frozen  run dist/zhibu/zhibu --self-test offscreen (no display needed)
#   make size-report      biggest files and folders of dist/zhibu/, checked against the 183 MB budget
#   make test-packaging   tests/packaging (the frozen-build tests run when dist/zhibu/ exists)
#   make gui-screenshot   start the frozen GUI under Xvfb with no system fonts visible, save a screenshot
#   make clean            remove build/ and dist/

VENV ?= .venv
PYTHON ?= python3
ifeq ($(OS),Windows_NT)
VPY := $(VENV)/Scripts/python.exe
else
VPY := $(VENV)/bin/python
endif
STAMP := $(VENV)/.zhibu-build-installed
DIST := dist/zhibu
APP := $(DIST)/zhibu
PYI_FLAGS ?= --noconfirm --clean

.PHONY: dist selftest-frozen size-report test-packaging gui-screenshot clean build-env

build-env: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(VPY) || $(PYTHON) -m venv $(VENV)
	$(VPY) -m pip install -q --upgrade pip
	$(VPY) -m pip install -q -e ".[build]"
	@touch $(STAMP)

dist: $(STAMP)
	@start=$$(date +%s); \
	$(VPY) -m PyInstaller $(PYI_FLAGS) --log-level WARN build.spec && \
	$(VPY) packaging/size_report.py $(DIST) --top 12 --budget-mb 183 && \
	echo "make dist: $$(( $$(date +%s) - start )) s"

selftest-frozen:
	@test -x $(APP) || { echo "no $(APP): run 'make dist' first" >&2; exit 2; }
	QT_QPA_PLATFORM=offscreen $(APP) --self-test

size-report:
	$(VPY) packaging/size_report.py $(DIST) --top 25 --budget-mb 183 --glibc

test-packaging: $(STAMP)
	$(VPY) -m pip install -q pytest
	QT_QPA_PLATFORM=offscreen $(VPY) -m pytest tests/packaging -q

gui-screenshot:
	$(VPY) packaging/gui_screenshot.py --app $(APP) --out tests/packaging/reference/frozen-gui.png

clean:
	rm -rf build dist
