import Foundation
import XCTest
@testable import ReportKit
@testable import Sections

final class MetricDiffTests: XCTestCase {
    func baseline(_ metrics: MetricMap, tolerances: [String: Double]? = nil) -> Baseline {
        Baseline(name: "b", description: "test", tolerances: tolerances, metrics: metrics)
    }

    func verdict(_ kind: MetricKind, _ old: Double, _ new: Double, _ t: Tolerances = Tolerances()) -> DiffRow.Verdict {
        MetricDiff.verdict(old: old, new: new, kind: kind, tolerances: t)
    }

    func testVerdictsPerKind() {
        // Accuracy: absolute points (default 0.5).
        XCTAssertEqual(verdict(.accuracyPercent, 97.86, 97.40), .within)
        XCTAssertEqual(verdict(.accuracyPercent, 97.86, 97.36), .within)  // exactly at the tolerance
        XCTAssertEqual(verdict(.accuracyPercent, 97.86, 97.30), .moved)
        XCTAssertEqual(verdict(.accuracyPercent, 50, 51), .moved)
        // Loss: relative (default 10 %).
        XCTAssertEqual(verdict(.loss, 0.20, 0.215), .within)
        XCTAssertEqual(verdict(.loss, 0.20, 0.23), .moved)
        XCTAssertEqual(verdict(.loss, 2.0, 1.81), .within)
        // Counts: exact.
        XCTAssertEqual(verdict(.count, 973_702, 973_702), .within)
        XCTAssertEqual(verdict(.count, 973_702, 973_703), .moved)
        // Gradient errors: a factor either way.
        XCTAssertEqual(verdict(.gradientError, 1e-10, 9e-10), .within)
        XCTAssertEqual(verdict(.gradientError, 1e-10, 2e-9), .moved)
        XCTAssertEqual(verdict(.gradientError, 0, 0), .within)
        XCTAssertEqual(verdict(.gradientError, 0, 1e-12), .moved)
        // Timings never fail.
        XCTAssertEqual(verdict(.seconds, 1, 100), .notCompared)
        // Non-finite values.
        XCTAssertEqual(verdict(.loss, .nan, .nan), .within)
        XCTAssertEqual(verdict(.loss, 0.2, .nan), .moved)
    }

    func testDiffFailsOnlyForSharedMetricsBeyondTolerance() {
        let old: MetricMap = [
            "a.accuracy.final": Metric(90, .accuracyPercent),
            "a.loss.final": Metric(0.3, .loss),
            "only.old": Metric(1, .count),
        ]
        var new: MetricMap = [
            "a.accuracy.final": Metric(90.2, .accuracyPercent),
            "a.loss.final": Metric(0.31, .loss),
            "only.new": Metric(2, .count),
        ]
        var diff = MetricDiff.compare(baseline: baseline(old), current: new, tolerances: Tolerances())
        XCTAssertFalse(diff.failed)
        XCTAssertEqual(diff.shared.map(\.metric), ["a.accuracy.final", "a.loss.final"])
        XCTAssertEqual(diff.onlyInBaseline.map(\.metric), ["only.old"])
        XCTAssertEqual(diff.onlyInCurrent.map(\.metric), ["only.new"])

        new["a.accuracy.final"] = Metric(88, .accuracyPercent)
        diff = MetricDiff.compare(baseline: baseline(old), current: new, tolerances: Tolerances())
        XCTAssertTrue(diff.failed)
        XCTAssertEqual(diff.failures.map(\.metric), ["a.accuracy.final"])
        XCTAssertEqual(diff.failures.first?.difference ?? 0, -2, accuracy: 1e-12)
    }

    func testTolerancesComeFromDefaultsThenTheBaselineThenTheUser() {
        let t = Tolerances().overridden(by: ["accuracy_percent": 2]).overridden(by: ["loss": 0.5])
        XCTAssertEqual(t.accuracyPoints, 2)
        XCTAssertEqual(t.lossRelative, 0.5)
        XCTAssertEqual(t.countAbsolute, 0)
        XCTAssertEqual(t.describe(.accuracyPercent), "±2.00 pts")
        XCTAssertEqual(t.describe(.loss), "±50.0 %")
    }

    func testOrderIsNumericAndDifferencesReadWell() {
        let names = ["x.n500", "x.n5", "x.n50", "x.epoch10", "x.epoch02"].sorted(by: MetricDiff.metricOrder)
        XCTAssertEqual(names, ["x.epoch02", "x.epoch10", "x.n5", "x.n50", "x.n500"])
        // Numerically equal names still have one order, whatever order they come in.
        XCTAssertTrue(MetricDiff.metricOrder("vgg_lr0.005_bs128", "vgg_lr0.05_bs128"))
        XCTAssertFalse(MetricDiff.metricOrder("vgg_lr0.05_bs128", "vgg_lr0.005_bs128"))
        let row = DiffRow(metric: "m", kind: .accuracyPercent, baseline: 97.86, current: 97.5, difference: 97.5 - 97.86,
                          tolerance: nil, verdict: .within)
        XCTAssertEqual(MetricDiff.describeDifference(row), "−0.36\u{00A0}pts")
        let loss = DiffRow(metric: "m", kind: .loss, baseline: 0.2, current: 0.22, difference: 0.02, tolerance: nil, verdict: .within)
        XCTAssertEqual(MetricDiff.describeDifference(loss), "+10.0\u{00A0}%")
    }

    func testPrinterCollapsesPerEpochRunsAndNamesFailures() {
        XCTAssertEqual(DiffPrinter.collapse(["p2.a.epoch00", "p2.a.epoch01", "p2.a.epoch02", "p2.a.final", "p3.b"]),
                       ["p2.a.epoch00…epoch02 (3)", "p2.a.final", "p3.b"])
        let old: MetricMap = ["p1.x.accuracy.final": Metric(90, .accuracyPercent)]
        let new: MetricMap = ["p1.x.accuracy.final": Metric(80, .accuracyPercent)]
        let base = baseline(old)
        let diff = MetricDiff.compare(baseline: base, current: new, tolerances: Tolerances())
        let snapshot = MetricSnapshot(metrics: new, missingSteps: [], profiles: ["p1.x": .short])
        let result = BaselineComparison.Result(baseline: base, snapshot: snapshot, diff: diff)
        let text = DiffPrinter.text(result)
        XCTAssertTrue(text.contains("moved (tolerance ±0.50 pts)"), text)
        XCTAssertTrue(text.contains("moved beyond tolerance: p1.x.accuracy.final"), text)
        XCTAssertTrue(text.hasSuffix("result: moved"), text)
        let json = try! DiffPrinter.json(result, summary: false)
        let object = try! JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
        XCTAssertEqual(object["result"] as? String, "moved")
        XCTAssertEqual(object["moved"] as? [String], ["p1.x.accuracy.final"])
    }
}

final class BaselineTests: XCTestCase {
    var directory: TemporaryDirectory!
    override func setUp() { directory = TemporaryDirectory("baseline") }
    override func tearDown() { directory.remove() }

    func testSaveThenDiffAgainstItselfPassesAndAHandEditFailsNamingTheMetric() throws {
        try P1Fixtures.writeAll(reports: directory.path)
        let opts = options(reports: directory.path)
        let (saved, path) = try BaselineComparison.save(options: opts, name: "mine", description: nil, overwrite: false)
        XCTAssertEqual(path, directory.path + "/baselines/mine.json")
        XCTAssertEqual(saved.metrics["p1.init.zero.accuracy.final"], Metric(11.356, .accuracyPercent))
        XCTAssertEqual(saved.metrics["p1.init.zero.accuracy.epoch02"]?.kind, .accuracyPercent)
        XCTAssertEqual(saved.profile, "quick")

        // Round trip: what was saved loads back equal.
        XCTAssertEqual(try BaselineStore(directory: directory.file("baselines")).load("mine"), saved)
        XCTAssertFalse(try BaselineComparison.run(options: opts, baseline: "mine").diff.failed)

        // Saving twice needs --overwrite.
        XCTAssertThrowsError(try BaselineComparison.save(options: opts, name: "mine", description: nil, overwrite: false)) {
            XCTAssertTrue("\($0)".contains("pass --overwrite"))
        }

        // Edit one value by hand.
        var text = directory.read("baselines/mine.json")
        let name = "\"p1.hyperparams.lr0.01.valid.accuracy.final\" : {\n      \"kind\" : \"accuracy_percent\",\n      \"value\" : 94.48"
        XCTAssertTrue(text.contains(name), "unexpected layout")
        text = text.replacingOccurrences(of: name, with: name.replacingOccurrences(of: "94.48", with: "90.48"))
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let diff = try BaselineComparison.run(options: opts, baseline: "mine").diff
        XCTAssertTrue(diff.failed)
        XCTAssertEqual(diff.failures.map(\.metric), ["p1.hyperparams.lr0.01.valid.accuracy.final"])
    }

    func testBadBaselineFilesGiveOneLineErrorsNamingTheFile() throws {
        let store = BaselineStore(directory: directory.file("baselines"))
        let cases: [(String, String)] = [
            ("{\"name\": \"bad\", \"description\": \"x\", \"metrics\": {\"a\": {\"value\": 1, \"kind\": \"accuracy_percent\"}", "not valid JSON"),
            ("{\"name\": \"bad\", \"description\": \"x\"}", "missing key 'metrics'"),
            ("{\"name\": \"bad\", \"description\": \"x\", \"metrics\": {\"a\": {\"value\": 1, \"kind\": \"speed\"}}}", "metrics.a.kind"),
            ("{\"name\": \"bad\", \"description\": \"x\", \"tolerances\": {\"speed\": 1}, \"metrics\": {}}", "unknown metric kind 'speed'"),
        ]
        for (text, expected) in cases {
            directory.write(text, to: "baselines/bad.json")
            XCTAssertThrowsError(try store.load("bad")) { error in
                let message = "\(error)"
                XCTAssertTrue(message.hasPrefix(directory.file("baselines/bad.json") + ": "), message)
                XCTAssertTrue(message.contains(expected), message)
                XCTAssertFalse(message.contains("\n"), message)
            }
        }
        XCTAssertThrowsError(try store.load("absent")) { XCTAssertTrue("\($0)".contains("known baselines: bad")) }
        XCTAssertThrowsError(try store.load("../etc")) { XCTAssertTrue("\($0)".contains("invalid baseline name")) }
    }

    /// The committed original baseline loads and uses names our extractors produce.
    func testCommittedOriginalBaselineSharesNamesWithTheResults() throws {
        let root = URL(fileURLWithPath: templatesDirectory).deletingLastPathComponent().path
        let original = try BaselineStore(directory: root + "/reports/baselines").load("original")
        XCTAssertEqual(original.metrics["p1.init.zero.accuracy.final"], Metric(11.356, .accuracyPercent))
        XCTAssertEqual(original.metrics["p1.model.parameters.total"], Metric(973_702, .count))
        XCTAssertEqual(original.metrics["p2.cnn.test.accuracy.epoch00"]?.value, 10.32)
        XCTAssertEqual(original.metrics["p3.tuning.vgg_lr0.1_bs256.valid.accuracy.final"]?.value ?? 0, 75.71, accuracy: 1e-9)
        XCTAssertEqual(original.metrics["p3.tuning.epochs25.valid.accuracy.final"]?.value ?? 0, 78.49, accuracy: 1e-9)

        try P1Fixtures.writeAll(reports: directory.path)
        let ours = try MetricExtractor.snapshot(store: ResultsStore(directory: directory.file("results"))).metrics
        for name in ["p1.init.normal.accuracy.epoch01", "p1.init.glorot.loss.final", "p1.hyperparams.bs512.valid.accuracy.final",
                     "p1.hyperparams.epochs20.valid.loss.epoch03", "p1.model.parameters.fc3"] {
            XCTAssertNotNil(original.metrics[name], name)
            XCTAssertNotNil(ours[name], name)
            XCTAssertEqual(original.metrics[name]?.kind, ours[name]?.kind, name)
        }
    }
}

final class MetricExtractionTests: XCTestCase {
    func testP1NamesAndValues() throws {
        let directory = TemporaryDirectory("metrics")
        defer { directory.remove() }
        try P1Fixtures.writeAll(reports: directory.path)
        let snapshot = try MetricExtractor.snapshot(store: ResultsStore(directory: directory.file("results")))
        let m = snapshot.metrics
        XCTAssertEqual(m["p1.model.parameters.total"], Metric(973_702, .count))
        XCTAssertEqual(m["p1.model.parameters.fc1"], Metric(522_810, .count))
        XCTAssertEqual(m["p1.init.normal.accuracy.epoch01"], Metric(83.52, .accuracyPercent))
        XCTAssertEqual(m["p1.init.normal.accuracy.final"], Metric(86.992, .accuracyPercent))
        XCTAssertEqual(m["p1.init.normal.exact_loss.epoch01"], Metric(40, .loss))
        XCTAssertEqual(m["p1.init.majority_class.percent"], Metric(11.356, .accuracyPercent))
        XCTAssertEqual(m["p1.hyperparams.epochs20.valid.accuracy.epoch03"], Metric(96.11, .accuracyPercent))
        XCTAssertEqual(m["p1.hyperparams.best_lr0.1_bs100.test.accuracy.final"]?.value ?? 0, 97.76, accuracy: 1e-9)
        XCTAssertEqual(m["p1.gradcheck.float32.max_error.n500000"]?.kind, .gradientError)
        XCTAssertEqual(m["p1.init.zero.epoch_seconds.mean"], Metric(0.25, .seconds))
        XCTAssertTrue(snapshot.missingSteps.contains("p2.cnn"))
        XCTAssertEqual(snapshot.profileSummary, "quick")
    }

    func testStepsOptInThroughTheProtocol() throws {
        XCTAssertNotNil(RegisteredStep(FakeSource.self).metrics)
        XCTAssertNil(RegisteredStep(FakeTuned.self).metrics)
        XCTAssertEqual(MetricName.epoch("a.b", 3), "a.b.epoch03")
        XCTAssertEqual(MetricName.epoch("a.b", 12), "a.b.epoch12")
        XCTAssertTrue(MetricName.isSummary("a.final"))
        XCTAssertFalse(MetricName.isSummary("a.epoch00"))
        var m = MetricMap()
        m.addCurve("x.acc", [1, 2, 3], kind: .accuracyPercent, firstEpoch: 0)
        XCTAssertEqual(m.keys.sorted(), ["x.acc.epoch00", "x.acc.epoch01", "x.acc.epoch02", "x.acc.final"])
        XCTAssertEqual(m["x.acc.final"]?.value, 3)
    }

    func testCorruptResultIsAnErrorNamingTheFile() throws {
        let directory = TemporaryDirectory("metrics")
        defer { directory.remove() }
        try P1Fixtures.writeAll(reports: directory.path)
        directory.write("{\"header\": ", to: "results/p1.init.json")
        XCTAssertThrowsError(try MetricExtractor.snapshot(store: ResultsStore(directory: directory.file("results")))) {
            XCTAssertTrue("\($0)".hasPrefix(directory.file("results/p1.init.json") + ": not valid JSON"), "\($0)")
        }
    }
}

final class NumberFormatTests: XCTestCase {
    let nb = "\u{00A0}"

    func testFormats() {
        XCTAssertEqual(NumberFormat.percent(fraction: 0.978612), "97.86\(nb)%")
        XCTAssertEqual(NumberFormat.percent(fraction: 0.97, digits: 0), "97\(nb)%")
        XCTAssertEqual(NumberFormat.percent(fraction: nil), "—")
        XCTAssertEqual(NumberFormat.percent(inPercent: 84.64), "84.64\(nb)%")
        // Exactly halfway: 100 × 597 / 2000 is the double nearest 29.85, 100 × 0.2985 one below it.
        XCTAssertEqual(NumberFormat.percent(597, of: 2000, digits: 1), "29.9\(nb)%")
        XCTAssertEqual(NumberFormat.percent(0, of: 0), "0.00\(nb)%")
        XCTAssertEqual(NumberFormat.count(973_702), "973,702")
        XCTAssertEqual(NumberFormat.count(-1234), "−1,234")
        XCTAssertEqual(NumberFormat.count(12), "12")
        XCTAssertEqual(NumberFormat.counted(1, "epoch"), "1 epoch")
        XCTAssertEqual(NumberFormat.counted(35, "epoch"), "35 epochs")
        XCTAssertEqual(NumberFormat.counted(0, "epoch"), "0 epochs")
        XCTAssertEqual(NumberFormat.counted(19_998, "photo"), "19,998 photos")
        XCTAssertEqual(NumberFormat.seconds(12.34), "12.3\(nb)s")
        XCTAssertEqual(NumberFormat.seconds(0.423), "0.42\(nb)s")
        XCTAssertEqual(NumberFormat.seconds(125), "2\(nb)min 05\(nb)s")
        XCTAssertEqual(NumberFormat.seconds(3725), "1\(nb)h 02\(nb)min")
        // Values only a damaged result holds: written, not an Int conversion trap.
        XCTAssertEqual(NumberFormat.seconds(1e300), "1.0\(nb)×\(nb)10³⁰⁰\(nb)s")
        XCTAssertEqual(NumberFormat.count(-2e19), "−2.0\(nb)×\(nb)10¹⁹")
        XCTAssertEqual(NumberFormat.signed(0.423, digits: 2), "+0.42")
        XCTAssertEqual(NumberFormat.signed(-1.2, digits: 2), "−1.20")
        XCTAssertEqual(NumberFormat.signed(0.001, digits: 2), "±0.00")
        XCTAssertEqual(NumberFormat.scientific(6.24e-13), "6.2\(nb)×\(nb)10⁻¹³")
        XCTAssertEqual(NumberFormat.scientific(9.96e-5), "1.0\(nb)×\(nb)10⁻⁴")
        XCTAssertEqual(NumberFormat.significant(0.0071), "0.0071")
        XCTAssertEqual(NumberFormat.significant(3.24), "3.2")
        XCTAssertEqual(NumberFormat.plain(0.001), "0.001")
        XCTAssertEqual(NumberFormat.plain(100), "100")
        XCTAssertEqual(NumberFormat.loss(2.30254), "2.3025")
        XCTAssertEqual(NumberFormat.loss(382.14), "382.1")
        XCTAssertEqual(NumberFormat.percent(fraction: .nan), "n/a")
        XCTAssertEqual(NumberFormat.decimal(1234567.5, digits: 1, grouped: true), "1,234,567.5")
    }
}
