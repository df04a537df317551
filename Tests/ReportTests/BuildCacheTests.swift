import Foundation
import XCTest
@testable import ReportKit
@testable import Sections

/// Which fake steps ran, in order.
final class RunLog: @unchecked Sendable {
    static let shared = RunLog()
    private let lock = NSLock()
    private var entries: [String: [String]] = [:]

    func record(_ step: String, in directory: String) { lock.withLock { entries[directory, default: []].append(step) } }
    func runs(in directory: String) -> [String] { lock.withLock { entries[directory] ?? [] } }
}

/// A step whose configuration never changes.
struct FakeSource: ReportStep, MetricReporting {
    static let id = "t.source"
    static let title = "Fake source"
    static let inputs: [DataInput] = []
    struct Config: Codable, Sendable { var size: Int }
    struct Output: Codable, Sendable { var value: Double }
    func config(for options: BuildOptions) -> Config { Config(size: 3) }
    func run(_ config: Config, context: StepContext) throws -> Output {
        RunLog.shared.record(Self.id, in: context.options.reportsDirectory)
        return Output(value: Double(config.size) * 10)
    }
    static func metrics(_ record: StepRecord<Config, Output>) -> MetricMap {
        ["t.source.value.final": Metric(record.output.value, .accuracyPercent)]
    }
}

/// A step whose configuration follows the profile, so changing the profile changes it alone.
struct FakeTuned: ReportStep {
    static let id = "t.tuned"
    static let title = "Fake tuned"
    static let inputs: [DataInput] = []
    struct Config: Codable, Sendable { var epochs: Int }
    struct Output: Codable, Sendable { var epochs: Int }
    func config(for options: BuildOptions) -> Config { Config(epochs: options.profile == .quick ? 1 : 5) }
    func run(_ config: Config, context: StepContext) throws -> Output {
        RunLog.shared.record(Self.id, in: context.options.reportsDirectory)
        return Output(epochs: config.epochs)
    }
}

/// A step that reads another's output.
struct FakeReader: ReportStep {
    static let id = "t.reader"
    static let title = "Fake reader"
    static let inputs: [DataInput] = []
    static let dependencies = [FakeTuned.id]
    struct Config: Codable, Sendable { var scale: Int }
    struct Output: Codable, Sendable { var total: Int }
    func config(for options: BuildOptions) -> Config { Config(scale: 2) }
    func run(_ config: Config, context: StepContext) throws -> Output {
        RunLog.shared.record(Self.id, in: context.options.reportsDirectory)
        return Output(total: try context.output(of: FakeTuned.self).epochs * config.scale)
    }
}

/// A step that fails part-way when the profile is `full`.
struct FakeFlaky: ReportStep {
    static let id = "t.flaky"
    static let title = "Fake flaky"
    static let inputs: [DataInput] = []
    struct Config: Codable, Sendable { var fail: Bool }
    struct Output: Codable, Sendable { var ok: Bool }
    func config(for options: BuildOptions) -> Config { Config(fail: options.profile == .original) }
    func run(_ config: Config, context: StepContext) throws -> Output {
        if config.fail { throw ReportError("interrupted") }
        return Output(ok: true)
    }
}

final class BuildCacheTests: XCTestCase {
    let steps = [RegisteredStep(FakeSource.self), RegisteredStep(FakeTuned.self), RegisteredStep(FakeReader.self)]
    var directory: TemporaryDirectory!

    override func setUp() { directory = TemporaryDirectory("cache") }
    override func tearDown() { directory.remove() }

    func builder(_ profile: Profile = .quick, log: CapturedLog = CapturedLog()) -> ReportBuilder {
        var options = options(reports: directory.path)
        options.profile = profile
        return ReportBuilder(options: options, steps: steps, progress: log.reporter)
    }

    func ran(_ decisions: [ReportBuilder.Decision]) -> [String] { decisions.filter(\.ran).map(\.step) }

    func testFirstBuildRunsEverythingInDependencyOrderThenReusesIt() throws {
        let log = CapturedLog()
        let first = try builder(log: log).build()
        XCTAssertEqual(ran(first), ["t.source", "t.tuned", "t.reader"])
        XCTAssertEqual(first.map(\.reason), ["no saved result", "no saved result", "no saved result"])
        XCTAssertTrue(log.contents.contains("run   t.source: no saved result"))

        let log2 = CapturedLog()
        let second = try builder(log: log2).build()
        XCTAssertEqual(ran(second), [])
        XCTAssertEqual(second.map(\.reason), ["up to date", "up to date", "up to date"])
        XCTAssertTrue(log2.contents.contains("reuse t.reader: saved result is up to date"))
        XCTAssertEqual(RunLog.shared.runs(in: directory.path), ["t.source", "t.tuned", "t.reader"])
    }

    func testChangingOneConfigurationRerunsThatStepAndItsReadersOnly() throws {
        try builder(.quick).build()
        let decisions = try builder(.short).build()
        XCTAssertEqual(ran(decisions), ["t.tuned", "t.reader"])
        XCTAssertEqual(decisions.first { $0.step == "t.tuned" }?.reason, "profile changed (quick → short)")
        // The reader reran because its input's key changed, and it read the new output.
        let reader = try ResultsStore(directory: directory.file("results")).load(FakeReader.self)
        XCTAssertEqual(reader.output.total, 10)
    }

    func testForceRerunsOnlyTheNamedStepsAndSelectionAddsDependencies() throws {
        try builder().build()
        XCTAssertEqual(ran(try builder().build(force: ["t.source"])), ["t.source"])
        XCTAssertEqual(try builder().build(force: ["t.source"]).first?.reason, "forced")
        // Selecting the reader also considers what it reads, and nothing else.
        XCTAssertEqual(try builder().build(selection: ["t.reader"]).map(\.step), ["t.tuned", "t.reader"])
        XCTAssertEqual(try builder().build(selection: ["t"]).count, 3)
        XCTAssertThrowsError(try builder().build(selection: ["nope"])) { error in
            XCTAssertTrue("\(error)".contains("unknown step 'nope'; valid steps: t.source, t.tuned, t.reader"))
        }
    }

    func testCorruptCachedResultIsRecomputedWithAWarning() throws {
        try builder().build()
        let file = directory.file("results/t.source.json")
        let text = try String(contentsOfFile: file, encoding: .utf8)
        try String(text.prefix(text.count / 2)).write(toFile: file, atomically: true, encoding: .utf8)  // truncated

        XCTAssertEqual(builder().status().first?.state, .missing)
        let log = CapturedLog()
        let decisions = try builder(log: log).build()
        XCTAssertEqual(ran(decisions), ["t.source"])
        XCTAssertEqual(decisions.first?.reason, "saved result is unreadable")
        XCTAssertTrue(log.contents.contains("warning: \(file): not valid JSON"), log.contents)
        XCTAssertNoThrow(try ResultsStore(directory: directory.file("results")).load(FakeSource.self))
    }

    /// A result whose header matches but whose output has a wrong type was
    /// listed as fresh and reused, and then every assembly failed on it.
    func testAResultThatDoesNotDecodeIsStaleAndRerun() throws {
        try builder().build()
        let file = directory.file("results/t.source.json")
        let text = try String(contentsOfFile: file, encoding: .utf8)
        try text.replacingOccurrences(of: #""value" : 30"#, with: #""value" : "oops""#)
            .write(toFile: file, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try ResultsStore(directory: directory.file("results")).load(FakeSource.self))

        let status = try XCTUnwrap(builder().status().first)
        XCTAssertEqual(status.state, .stale)
        XCTAssertTrue(status.reason.hasPrefix("saved result does not decode: \(file): "), status.reason)
        XCTAssertTrue(status.reason.contains("output.value"), status.reason)
        let decisions = try builder().build()
        XCTAssertEqual(ran(decisions), ["t.source"], "and only it: its cache key, which readers see, is unchanged")
        XCTAssertEqual(try ResultsStore(directory: directory.file("results")).load(FakeSource.self).output.value, 30)
    }

    func testStatusSaysFreshStaleOrMissingWithoutRunning() throws {
        XCTAssertEqual(builder().status().map(\.state), [.missing, .missing, .missing])
        try builder().build(selection: ["t.source", "t.tuned"])
        XCTAssertEqual(builder().status().map(\.state), [.fresh, .fresh, .missing])
        let later = builder(.short).status()
        XCTAssertEqual(later.map(\.state), [.fresh, .stale, .missing])
        XCTAssertEqual(later[1].reason, "profile changed (quick → short)")
        XCTAssertEqual(RunLog.shared.runs(in: directory.path).count, 2)
    }

    func testAFailedRunLeavesThePreviousResultAndNoTemporaryFiles() throws {
        var options = options(reports: directory.path)
        let flaky = [RegisteredStep(FakeFlaky.self)]
        try ReportBuilder(options: options, steps: flaky, progress: CapturedLog().reporter).build()
        let before = directory.read("results/t.flaky.json")
        options.profile = .original
        XCTAssertThrowsError(try ReportBuilder(options: options, steps: flaky, progress: CapturedLog().reporter).build()) {
            XCTAssertEqual("\($0)", "interrupted")
        }
        XCTAssertEqual(directory.read("results/t.flaky.json"), before)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.file("results")).filter { $0.hasPrefix(".") }
        XCTAssertEqual(leftovers, [])
        // And the lock is free again.
        XCTAssertNoThrow(try ReportBuilder(options: options, steps: [RegisteredStep(FakeSource.self)], progress: CapturedLog().reporter).build())
    }

    /// A second build in the same reports folder waits for the first: here the
    /// first is another process (flock(1)) holding the lock for a moment.
    func testSecondBuildWaitsForTheLockHeldByAnotherProcess() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/flock") else { throw XCTSkip("flock(1) not installed") }
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/flock")
        holder.arguments = [directory.file(".lock"), "sleep", "1.5"]
        try holder.run()
        // Wait until the other process holds the lock.
        let deadline = Date().addingTimeInterval(5)
        while Date() < deadline {
            let fd = open(directory.file(".lock"), O_RDWR)
            defer { close(fd) }
            if fd >= 0, flock(fd, LOCK_EX | LOCK_NB) != 0 { break }
            if fd >= 0 { flock(fd, LOCK_UN) }
            usleep(20_000)
        }
        let log = CapturedLog()
        let started = Date()
        let decisions = try builder(log: log).build()
        let waited = Date().timeIntervalSince(started)
        holder.waitUntilExit()
        XCTAssertEqual(decisions.count, 3)
        XCTAssertGreaterThan(waited, 0.5)
        XCTAssertTrue(log.contents.contains("another build is running in \(directory.path)/; waiting for it to finish"), log.contents)
    }

    func testLockIsReleasedWhenTheBuildEnds() throws {
        try builder().build()
        let fd = open(directory.file(".lock"), O_RDWR)
        defer { close(fd) }
        XCTAssertEqual(flock(fd, LOCK_EX | LOCK_NB), 0)
    }
}
