import Foundation
import XCTest
@testable import ReportKit
@testable import Sections

/// The commands that read what a build saved: results, metrics, list, baseline list.
final class ReadCommandTests: XCTestCase {
    var checkout: TemporaryDirectory!
    var reports: String { checkout.file("reports") }

    override func setUpWithError() throws {
        checkout = TemporaryDirectory("read-cli")
        makeCheckout(checkout)
        try P1Fixtures.writeAll(reports: reports)
        _ = try BaselineComparison.save(options: options(reports: reports), name: "mine", description: "fixture", overwrite: false)
    }

    override func tearDown() { checkout.remove() }

    func report(_ arguments: [String], in folder: String? = nil) throws -> ReportCLI.Outcome {
        try ReportCLI.run(arguments, in: folder ?? checkout.path)
    }

    func testResultsShowMetricsNotCacheKeys() throws {
        let all = try report(["results"])
        XCTAssertEqual(all.status, 0, all.stderr)
        XCTAssertTrue(all.stdout.contains("zero.accuracy.final"), all.stdout)
        XCTAssertTrue(all.stdout.contains("11.356 %"), all.stdout)
        XCTAssertFalse(all.stdout.contains("key fixture"), all.stdout)
        XCTAssertFalse(all.stdout.contains("epoch01"), "per-epoch points only with --epochs")
        XCTAssertTrue(try report(["results", "--epochs"]).stdout.contains("zero.accuracy.epoch01"))

        let one = try report(["results", "p1.init"])
        XCTAssertEqual(one.status, 0, one.stderr)
        XCTAssertTrue(one.stdout.hasPrefix("p1.init  "), one.stdout)
        XCTAssertFalse(one.stdout.contains("p1.model"), one.stdout)
        let unknown = try report(["results", "p9"])
        XCTAssertEqual(unknown.status, 1)
        XCTAssertTrue(unknown.stderr.contains("unknown step 'p9'"), unknown.stderr)
    }

    func testJSONLeavesOutEncodedTensorsUnlessAsked() throws {
        let tensor = String(repeating: "QUJD", count: 10_000)
        let header = String(decoding: try JSONCoding.encode(P1Fixtures.header(P3VisualizeStep.id)), as: UTF8.self)
        checkout.write(#"{"header": \#(header), "output": {"featureMaps": {"shape": [2, 2], "float32": "\#(tensor)"}}}"#,
                       to: "reports/results/p3.visualize.json")
        let lean = try report(["results", "--json"])
        XCTAssertEqual(lean.status, 0, lean.stderr)
        XCTAssertLessThan(lean.stdout.utf8.count, 30_000)
        let records = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(lean.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(Set(records.keys), ["p1.model", "p1.init", "p1.hyperparams", "p1.gradcheck", "p3.visualize"])
        XCTAssertTrue(lean.stdout.contains("left out: 40000 characters"), lean.stdout)
        XCTAssertTrue(lean.stdout.contains(#""shape" : ["#), "small values stay")

        let full = try report(["results", "p3.visualize", "--json", "--tensors"])
        XCTAssertTrue(full.stdout.contains(tensor))
        XCTAssertFalse(full.stdout.contains("p1.init"))
    }

    func testListAndBaselineListHaveJSON() throws {
        let list = try report(["list", "--json"])
        XCTAssertEqual(list.status, 0, list.stderr)
        let listing = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [String: Any])
        let steps = try XCTUnwrap(listing["steps"] as? [[String: Any]])
        XCTAssertEqual(steps.map { $0["id"] as? String }, StepRegistry.all.map(\.id))
        XCTAssertEqual((listing["figures"] as? [Any])?.count, FigureRegistry.all.count)
        XCTAssertNotNil(steps.first?["state"] as? String)

        let baselines = try report(["baseline", "list", "--json"])
        XCTAssertEqual(baselines.status, 0, baselines.stderr)
        let entries = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(baselines.stdout.utf8)) as? [[String: Any]])
        XCTAssertEqual(entries.first?["name"] as? String, "mine")
        XCTAssertEqual(entries.first?["profile"] as? String, "quick")
        XCTAssertEqual(entries.first?["metrics"] as? Int, try BaselineStore(directory: reports + "/baselines").load("mine").metrics.count)
    }

    func testMetricsExportIsOneRowPerMetric() throws {
        let outcome = try report(["metrics", "--csv"])
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        let lines = outcome.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.first, "step,metric,epoch,value,unit,kind")
        XCTAssertTrue(lines.contains("p1.init,p1.init.zero.accuracy.epoch01,1,11.356,%,accuracy_percent"), outcome.stdout)
        XCTAssertTrue(lines.contains("p1.init,p1.init.zero.accuracy.final,,11.356,%,accuracy_percent"))
        XCTAssertTrue(lines.contains("p1.model,p1.model.parameters.total,,973702,,count"))
        let metrics = try MetricExtractor.snapshot(store: ResultsStore(directory: reports + "/results")).metrics
        XCTAssertEqual(lines.count, metrics.count + 1)
        for line in lines.dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            XCTAssertEqual(fields.count, 6, line)
            XCTAssertNotNil(Double(String(fields[3])), line)
        }
        let json = try report(["metrics", "p1.model", "--json"])
        let rows = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        XCTAssertEqual(rows.count, 4)
        XCTAssertEqual(MetricRow.csvField("a,\"b\""), "\"a,\"\"b\"\"\"")
    }

    func testOneBadFileIsNamedAndTheRestShown() throws {
        checkout.write("{ not json", to: "reports/baselines/broken.json")
        let baselines = try report(["baseline", "list"])
        XCTAssertEqual(baselines.status, 1)
        XCTAssertTrue(baselines.stdout.contains("mine\t"), baselines.stdout)
        XCTAssertTrue(baselines.stdout.contains("broken\terror: \(reports)/baselines/broken.json: not valid JSON")
                      || baselines.stdout.contains("broken\terror: reports/baselines/broken.json: not valid JSON"), baselines.stdout)

        checkout.write(#"{"header": 1}"#, to: "reports/results/p1.model.json")
        for arguments in [["results"], ["results", "--json"], ["metrics", "--csv"]] {
            let outcome = try report(arguments)
            XCTAssertEqual(outcome.status, 1, "\(arguments)")
            XCTAssertTrue(outcome.stdout.contains("p1.init"), "\(arguments): the others are shown")
            XCTAssertTrue(outcome.stderr.hasPrefix("error: reports/results/p1.model.json: "), "\(arguments): \(outcome.stderr)")
            XCTAssertEqual(outcome.stderr.split(separator: "\n").count, 1, outcome.stderr)
        }
    }

    func testOutsideTheCheckoutCommandsSaySoAndBelowItTheyFindIt() throws {
        let elsewhere = TemporaryDirectory("not-a-checkout")
        defer { elsewhere.remove() }
        for arguments in [["list"], ["results"], ["metrics"], ["diff"], ["baseline", "list"], ["build", "--dry-run"]] {
            let outcome = try report(arguments, in: elsewhere.path)
            XCTAssertNotEqual(outcome.status, 0, "\(arguments)")
            XCTAssertTrue(outcome.stderr.contains("not inside the a1report checkout"), "\(arguments): \(outcome.stderr)")
            XCTAssertEqual(outcome.stderr.split(separator: "\n").count, 1, outcome.stderr)
            XCTAssertEqual(outcome.stdout, "", "\(arguments)")
        }
        // A folder named explicitly needs no checkout.
        XCTAssertEqual(try report(["results", "--reports-dir", reports], in: elsewhere.path).status, 0)

        checkout.write("", to: "notes/deeper/.keep")
        let below = try report(["results", "p1.model"], in: checkout.file("notes/deeper"))
        XCTAssertEqual(below.status, 0, below.stderr)
        XCTAssertTrue(below.stdout.contains("parameters.total"), below.stdout)
    }

    func testProjectRootIsFoundUpwardsAndSpelledRelatively() throws {
        checkout.write("", to: "a/b/.keep")
        let root = URL(fileURLWithPath: checkout.path).standardizedFileURL.path
        XCTAssertEqual(ProjectRoot.find(from: checkout.file("a/b")), root)
        XCTAssertEqual(try ProjectRoot.folder(nil, default: "reports", workingDirectory: checkout.file("a/b")), "../../reports")
        XCTAssertEqual(try ProjectRoot.folder(nil, default: "data", workingDirectory: checkout.path), "data")
        XCTAssertEqual(try ProjectRoot.folder("/x", default: "data", workingDirectory: "/"), "/x")
        // Another package's templates are not the project's.
        checkout.write("let package = Package(name: \"other\")\n", to: "Package.swift")
        XCTAssertNil(ProjectRoot.find(from: checkout.file("a/b")))
        XCTAssertThrowsError(try ProjectRoot.folder(nil, default: "reports", workingDirectory: checkout.path)) {
            XCTAssertTrue("\($0)".contains("name the folder with --reports-dir"), "\($0)")
        }
    }
}
