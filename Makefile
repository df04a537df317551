# The two commands a user needs: `make report` and `make test`.
SWIFT ?= swift
REPORT = .build/release/report
ANCHORS ?= ../shared/bench/anchors.py

.PHONY: report test setup setup-test data build bench clean clean-results

report: setup data build
	$(REPORT) build $(REPORT_FLAGS)

# The Slurm test's jobs run the release binary, so it is built first.
test: setup-test data build
	$(SWIFT) test

setup:
	@scripts/bootstrap.sh

# The tests also need Chromium (they print a PDF), poppler-utils and Slurm with munge.
setup-test:
	@scripts/bootstrap.sh --test

data:
	@scripts/fetch-data.sh

# SwiftPM takes seconds to find that nothing changed; make's timestamps tell in
# milliseconds whether a source is newer than the binary. (After a toolchain or
# system library upgrade, `make clean` first.)
SOURCES := $(shell find Sources -type f) Package.swift Package.resolved
build: $(REPORT)

$(REPORT): $(SOURCES)
	$(SWIFT) build -c release --product report
	@touch $@

bench: data build
	@scripts/bootstrap.sh --bench
	$(REPORT) bench --anchors $(ANCHORS)

# Build products only. The results, figures and report under reports/ are
# committed and take hours to recompute; the checkpoints let a build resume.
clean:
	rm -rf .build

# The committed results, figures and report (baselines, saved by hand, and the
# checkpoints stay). Asks first: on a terminal it waits for "yes", elsewhere it
# wants CONFIRM=yes. `git checkout -- reports` brings the committed ones back.
RESULTS = reports/results reports/figures reports/report.md reports/index.html reports/submission.csv \
	reports/report-standalone.html reports/report.pdf
clean-results:
	@echo "warning: this deletes $(RESULTS)," >&2
	@echo "warning: the committed results, which take hours to recompute (git checkout -- reports restores them)." >&2
	@if [ "$(CONFIRM)" != yes ]; then \
		if [ -t 0 ]; then \
			printf 'Type yes to delete them: ' >&2; read answer; \
			[ "$$answer" = yes ] || { echo "nothing deleted" >&2; exit 1; }; \
		else \
			echo "nothing deleted: run make clean-results CONFIRM=yes" >&2; exit 1; \
		fi; \
	fi
	rm -rf $(RESULTS)
