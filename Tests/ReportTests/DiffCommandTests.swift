import Foundation
import XCTest
@testable import ReportKit
@testable import Sections

/// `report diff` as a script uses it: its exit status, its JSON and its summary.
final class DiffCommandTests: XCTestCase {
    var checkout: TemporaryDirectory!
    var reports: String { checkout.file("reports") }

    override func setUpWithError() throws {
        checkout = TemporaryDirectory("diff-cli")
        makeCheckout(checkout)
        try P1Fixtures.writeAll(reports: reports)
        _ = try BaselineComparison.save(options: options(reports: reports), name: "mine", description: "fixture", overwrite: false)
    }

    override func tearDown() { checkout.remove() }

    func diff(_ arguments: [String]) throws -> ReportCLI.Outcome {
        try ReportCLI.run(["diff"] + arguments, in: checkout.path)
    }

    /// Rewrites one value of baseline `name`.
    func edit(_ name: String, _ change: (inout Baseline) -> Void) throws {
        let store = BaselineStore(directory: reports + "/baselines")
        var baseline = try store.load(name)
        change(&baseline)
        try store.save(baseline)
    }

    func testExitStatusIsZeroWhenWithinOneWhenMovedTwoForAnError() throws {
        XCTAssertEqual(try diff(["--baseline", "mine"]).status, 0)
        try edit("mine") { $0.metrics["p1.init.zero.accuracy.final"]?.value = 50 }
        let moved = try diff(["--baseline", "mine"])
        XCTAssertEqual(moved.status, 1, moved.stderr)
        XCTAssertTrue(moved.stdout.contains("p1.init.zero.accuracy.final"), moved.stdout)

        let missing = try diff(["--baseline", "absent"])
        XCTAssertEqual(missing.status, 2, "a missing baseline is an error, not a moved metric")
        XCTAssertTrue(missing.stderr.hasPrefix("error: ") && missing.stderr.contains("absent.json"), missing.stderr)
        checkout.write("{", to: "reports/baselines/broken.json")
        XCTAssertEqual(try diff(["--baseline", "broken"]).status, 2)
        // No results at all: nothing was compared, which is not "within tolerance".
        try FileManager.default.removeItem(atPath: reports + "/results")
        let empty = try diff(["--baseline", "mine"])
        XCTAssertEqual(empty.status, 2)
        XCTAssertTrue(empty.stderr.contains("no saved results to compare"), empty.stderr)
    }

    func testToleranceMustBeAFiniteNonNegativeNumber() throws {
        for (arguments, message) in [
            (["--tolerance", "-1"], "--tolerance must not be negative"),
            (["--tolerance", "nan"], "--tolerance must be a finite number"),
            (["--tolerance", "inf"], "--tolerance must be a finite number"),
            (["--loss-tolerance", "-0.1"], "--loss-tolerance must not be negative"),
            (["--tolerance", "abc"], "'abc' is invalid for '--tolerance"),
        ] {
            let outcome = try diff(["--baseline", "mine"] + arguments)
            XCTAssertEqual(outcome.status, 2, "\(arguments): \(outcome.stderr)")
            XCTAssertTrue(outcome.stderr.contains(message), "\(arguments): \(outcome.stderr)")
        }
        XCTAssertEqual(try diff(["--baseline", "mine", "--tolerance", "0"]).status, 0)
        // A baseline file's own tolerances are held to the same rule.
        try edit("mine") { $0.tolerances = ["loss": -1] }
        let outcome = try diff(["--baseline", "mine"])
        XCTAssertEqual(outcome.status, 2)
        XCTAssertTrue(outcome.stderr.contains("mine.json: the tolerance of loss must not be negative"), outcome.stderr)
    }

    /// A 3-epoch short-profile run against a 35-epoch original-profile baseline
    /// (like `--baseline full-vgg`): the shared epochs agree, the final values cannot.
    func testABaselineOfAnotherProfileComparesOnlyWhatIsComparable() throws {
        try ResultsStore(directory: reports + "/results").save(P3Fixtures.train())
        let current = try MetricExtractor.snapshot(store: ResultsStore(directory: reports + "/results")).metrics
        var metrics = current.filter { $0.key.hasPrefix("p3.train.") }
        for (name, metric) in metrics where name.hasSuffix(".final") { metrics[name] = Metric(metric.value + 20, metric.kind) }
        metrics["p3.train.vgg_lr0.1_bs128.valid.accuracy.epoch35"] = Metric(85, .accuracyPercent)
        try BaselineStore(directory: reports + "/baselines").save(
            Baseline(name: "long", description: "35 epochs", profile: "full", metrics: metrics))

        let outcome = try diff(["--baseline", "long", "--json"])
        XCTAssertEqual(outcome.status, 0, outcome.stdout)
        XCTAssertTrue(outcome.stderr.hasPrefix("warning: the baseline was made with profile original, these results with"), outcome.stderr)
        let rows = try XCTUnwrap(json(outcome.stdout)["rows"] as? [[String: Any]])
        func row(_ name: String) -> [String: Any]? { rows.first { $0["metric"] as? String == name } }
        XCTAssertEqual(row("p3.train.vgg_lr0.1_bs128.valid.accuracy.epoch02")?["verdict"] as? String, "within")
        XCTAssertEqual(row("p3.train.vgg_lr0.1_bs128.valid.accuracy.final")?["verdict"] as? String, "not_compared")
        XCTAssertEqual(row("p3.train.vgg_lr0.1_bs128.valid.accuracy.final")?["reason"] as? String, "profile")
        // A moved per-epoch point still fails.
        try edit("long") { $0.metrics["p3.train.vgg_lr0.1_bs128.valid.accuracy.epoch02"]?.value = 1 }
        XCTAssertEqual(try diff(["--baseline", "long"]).status, 1)
    }

    func testJSONHasNumericTolerancesAndTheVerdictsOfTheText() throws {
        try edit("mine") { $0.metrics["p1.init.zero.accuracy.final"]?.value = 50 }
        let outcome = try diff(["--baseline", "mine", "--json"])
        let object = try json(outcome.stdout)
        let tolerances = try XCTUnwrap(object["tolerances"] as? [String: [String: Any]])
        XCTAssertEqual(tolerances["accuracy_percent"]?["value"] as? Double, 0.5)
        XCTAssertEqual(tolerances["accuracy_percent"]?["rule"] as? String, "absolute")
        XCTAssertEqual(tolerances["loss"]?["rule"] as? String, "relative")
        XCTAssertEqual(object["result"] as? String, "moved")
        let vocabulary: Set = ["within", "moved", "not_compared", "only_in_baseline", "only_in_current"]
        let rows = try XCTUnwrap(object["rows"] as? [[String: Any]])
        XCTAssertEqual(Set(rows.compactMap { $0["verdict"] as? String }).subtracting(vocabulary), [])
        for row in rows where row["verdict"] as? String == "within" { XCTAssertTrue(row["tolerance"] is Double, "\(row)") }

        // The text speaks the same words, and no others.
        let text = try diff(["--baseline", "mine"]).stdout
        let verdicts = Set(text.split(separator: "\n").filter { $0.hasPrefix("p1.") }.compactMap { line in
            line.split(separator: " ").map(String.init).first { vocabulary.contains($0) }
        })
        XCTAssertEqual(verdicts, ["within", "moved", "not_compared"], text)
        for word in ["ok", "same", "MOVED"] { XCTAssertFalse(text.contains(" \(word)\n"), word) }
    }

    func testSummaryIsAFewLinesWhateverMoved() throws {
        try edit("mine") { baseline in
            for name in baseline.metrics.keys where baseline.metrics[name]?.kind == .accuracyPercent {
                baseline.metrics[name]?.value += 10
            }
        }
        let outcome = try diff(["--baseline", "mine", "--summary"])
        XCTAssertEqual(outcome.status, 1)
        let lines = outcome.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertLessThanOrEqual(lines.count, 25, outcome.stdout)
        XCTAssertTrue(outcome.stdout.contains("… and "), outcome.stdout)
        XCTAssertTrue(lines.contains { $0.hasPrefix("p1.hyperparams ") }, "one line per step")
        let summary = try json(try diff(["--baseline", "mine", "--summary", "--json"]).stdout)
        XCTAssertNil(summary["rows"])
        XCTAssertNotNil((summary["steps"] as? [String: Any])?["p1.init"])
    }

    func json(_ text: String) throws -> [String: Any] {
        try XCTUnwrap(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], text)
    }
}

/// Which metrics two profiles make comparable, decided from the steps' own configurations.
final class ProfileComparabilityTests: XCTestCase {
    func testOnlyWhatBothProfilesRunAlikeIsComparable() {
        let current = Dictionary(uniqueKeysWithValues: StepRegistry.all.map { ($0.id, Profile.short) })
        let scope = ProfileComparability(baselineProfile: "full", current: current)
        // Problems 1 and 2 run alike under short and original.
        XCTAssertTrue(scope.isComparable("p1.init.zero.accuracy.final"))
        XCTAssertTrue(scope.isComparable("p2.cnn.test.accuracy.final"))
        // The main VGG differs in its epochs only: the epochs compare, the final values do not.
        XCTAssertTrue(scope.isComparable("p3.train.vgg_lr0.1_bs128.valid.accuracy.epoch07"))
        XCTAssertFalse(scope.isComparable("p3.train.vgg_lr0.1_bs128.valid.accuracy.final"))
        // Tuning on half the photos and ResNets at another width compare nowhere;
        // the visualisations read a differently trained network.
        XCTAssertFalse(scope.isComparable("p3.tuning.vgg_lr0.05_bs128.valid.accuracy.epoch01"))
        XCTAssertFalse(scope.isComparable("p3.resnet.resnet-bn_lr0.05_bs128.valid.accuracy.epoch01"))
        XCTAssertFalse(scope.isComparable("p3.visualize.anything"))
        XCTAssertEqual(scope.notes.count, 1)

        let same = ProfileComparability(baselineProfile: "short", current: current)
        XCTAssertTrue(same.isComparable("p3.train.vgg_lr0.1_bs128.valid.accuracy.final"))
        XCTAssertEqual(same.notes, [])
    }
}
