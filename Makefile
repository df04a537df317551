# The two commands a user needs: `make report` and `make test`.
SWIFT ?= swift
REPORT = .build/release/report
ANCHORS ?= ../shared/bench/anchors.py

.PHONY: report test setup setup-test data build bench clean

report: setup data build
	$(REPORT) build $(REPORT_FLAGS)

test: setup-test data
	$(SWIFT) test

setup:
	@scripts/bootstrap.sh

# The tests also need Chromium (they print a PDF) and poppler-utils.
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
