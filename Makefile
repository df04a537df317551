# The two commands a user needs: `make report` and `make test`.
SWIFT ?= swift
REPORT = .build/release/report
ANCHORS ?= ../shared/bench/anchors.py

.PHONY: report test setup setup-test data build bench clean

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

build:
	$(SWIFT) build -c release --product report

bench: data build
	@scripts/bootstrap.sh --bench
	$(REPORT) bench --anchors $(ANCHORS)

clean:
	rm -rf .build reports/results reports/figures reports/index.html reports/report.md
