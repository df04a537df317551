import Foundation
import XCTest
@testable import ReportKit
@testable import Sections

/// The verdicts of section "conjectures": a difference counts only beyond
/// what changing the seed does, and each claim reads a difference its own way.
final class P3ConjecturesTests: XCTestCase {
    func testAnImprovementNeedsAGainBeyondTheSpread() {
        XCTAssertEqual(ConjectureClaim.improves.verdict(gain: 0.03, spread: 0.02), .supported)
        XCTAssertEqual(ConjectureClaim.improves.verdict(gain: 0.02, spread: 0.02), .inconclusive)
        XCTAssertEqual(ConjectureClaim.improves.verdict(gain: -0.01, spread: 0.02), .inconclusive)
        XCTAssertEqual(ConjectureClaim.improves.verdict(gain: -0.03, spread: 0.02), .notSupported)
    }

    func testNotHelpingIsRefutedOnlyByAGainBeyondTheSpread() {
        XCTAssertEqual(ConjectureClaim.doesNotHelp.verdict(gain: 0.03, spread: 0.02), .notSupported)
        XCTAssertEqual(ConjectureClaim.doesNotHelp.verdict(gain: 0.01, spread: 0.02), .supported)
        XCTAssertEqual(ConjectureClaim.doesNotHelp.verdict(gain: -0.05, spread: 0.02), .supported)
    }

    func testChangingLittleMeansStayingWithinTheSpread() {
        XCTAssertEqual(ConjectureClaim.changesLittle.verdict(gain: -0.015, spread: 0.02), .supported)
        XCTAssertEqual(ConjectureClaim.changesLittle.verdict(gain: -0.025, spread: 0.02), .notSupported)
        XCTAssertEqual(ConjectureClaim.changesLittle.verdict(gain: 0.025, spread: 0.02), .notSupported)
    }

    func testARunsNumbersComeFromItsCurve() {
        let numbers = ConjectureRunNumbers(P3Fixtures.curve([(0.6, 0.62), (0.8, 0.81), (0.9, 0.86), (0.92, 0.84)]))
        XCTAssertEqual(numbers.finalValid, 0.84)
        XCTAssertEqual(numbers.bestValid, 0.86)
        XCTAssertEqual(numbers.bestEpoch, 3)
        XCTAssertEqual(numbers.epochsToThreshold, 2)
        XCTAssertEqual(numbers.gap, 0.92 - 0.84, accuracy: 1e-12)
        XCTAssertNil(ConjectureRunNumbers(P3Fixtures.curve([(0.6, 0.62), (0.7, 0.79)])).epochsToThreshold)
    }

    /// A run whose loss stays at ln 2 has learned nothing; one a hundredth and more below it has started.
    func testARunIsStalledWhileItsLossStaysAtChance() {
        func curve(_ losses: [Double]) -> [ImageEpochPoint] {
            P3Fixtures.curve(losses.map { _ in (train: 0.5, valid: 0.5) }).enumerated().map { i, point in
                var point = point
                point.trainLoss = losses[i]
                return point
            }
        }
        XCTAssertTrue(ConjectureRunNumbers(curve([0.6947, 0.6933, 0.6932])).stalled)
        XCTAssertTrue(ConjectureRunNumbers(curve([0.6947, 0.6850])).stalled, "within a hundredth of ln 2 = 0.6931")
        XCTAssertFalse(ConjectureRunNumbers(curve([0.6947, 0.6800, 0.6931])).stalled, "one epoch below is a start")
        XCTAssertEqual(ConjectureRunNumbers(curve([0.6947, 0.6800, 0.6931])).lowestTrainLoss, 0.68)
    }

    func testTheSeedsSpreadIsTheirRange() {
        let seeds = SeedSpread(finals: [0.80, 0.83, 0.81], epochsToThreshold: [5, 7, 6])
        XCTAssertEqual(seeds.spread, 0.03, accuracy: 1e-12)
        XCTAssertEqual(seeds.mean, 0.8133333, accuracy: 1e-6)
        XCTAssertEqual(seeds.epochSpread, 2)
        XCTAssertEqual(seeds.meanEpochsToThreshold, 6)
        XCTAssertFalse(SeedSpread(finals: [0.8, 0.7], epochsToThreshold: [5, nil]).allReachThreshold)
    }

    /// Speed in epochs: an optimiser that never reaches the threshold the seeds all reach is slower.
    func testAdamsSpeedIsCountedInEpochsWhenEverySeedGetsThere() {
        let seeds = SeedSpread(finals: [0.80, 0.83, 0.81], epochsToThreshold: [5, 7, 6])
        let fast = ConjectureRunNumbers(P3Fixtures.curve([(0.7, 0.75), (0.85, 0.82), (0.9, 0.84)]))
        XCTAssertEqual(ConjectureTable.speedVerdict(fast, spread: seeds, byEpochs: true), .supported)
        let never = ConjectureRunNumbers(P3Fixtures.curve([(0.7, 0.75), (0.75, 0.78)]))
        XCTAssertEqual(ConjectureTable.speedVerdict(never, spread: seeds, byEpochs: true), .notSupported)
        XCTAssertEqual(ConjectureTable.speedVerdict(never, spread: seeds, byEpochs: false), .notSupported,
                       "without epochs, ending 3.4 points below the mean is beyond the 3-point spread")
    }

    /// The section from made-up runs whose verdicts are known (see `P3Fixtures.conjectures`).
    func testTheSectionStatesEachVerdictTheNumbersGive() throws {
        let output = try assembled()
        let markdown = output.markdown
        XCTAssertTrue(markdown.contains("### 3.6 The original's conjectures, tested"), "numbered after 3.5 by the outline")
        XCTAssertTrue(markdown.contains("a spread of 2.00"), markdown)
        XCTAssertTrue(markdown.contains("an epoch of training took 1\u{00A0}min 40\u{00A0}s at the median on this machine, so these 6 runs at 10 epochs each would take about 1\u{00A0}h 40\u{00A0}min"),
                      "six runs × the short profile's 10 main epochs × the fixtures' 100 s")
        XCTAssertTrue(markdown.contains("**Adam converging faster: supported.**"))
        XCTAssertTrue(markdown.contains("speed is read from where the runs end"), "not every seed reaches 80 %")
        XCTAssertTrue(markdown.contains("**BatchNorm improving validation accuracy: supported.**"))
        XCTAssertTrue(markdown.contains("**Dropout not helping: supported.**"))
        XCTAssertTrue(markdown.contains("**Normalising the inputs changing little: supported.**"))
        XCTAssertTrue(markdown.contains("](figures/p3-conjectures.png)"))
        XCTAssertTrue(output.figures.contains("p3-conjectures"))
        XCTAssertFalse(markdown.contains("never started to learn"), "every fixture run's loss falls to 0.5")
        XCTAssertTrue(markdown.contains("It did not gain more than the seeds' spread, as the original expected."),
                      "Dropout ends +0.5 pts from the mean, within the 2-point spread")
    }

    /// A run that stays at chance is said to have stalled, in its own paragraph only.
    func testTheSectionSaysWhenARunNeverStartedToLearn() throws {
        let markdown = try assembled { record in
            let adam = try XCTUnwrap(record.output.runs.firstIndex { $0.config.id == P3Conjecture.adam.rawValue })
            record.output.runs[adam].curve = record.output.runs[adam].curve.map { point in
                var point = point
                (point.trainLoss, point.trainAccuracy, point.validAccuracy) = (0.6932, 0.5, 0.5)
                return point
            }
            let dropout = try XCTUnwrap(record.output.runs.firstIndex { $0.config.id == P3Conjecture.dropout.rawValue })
            record.output.runs[dropout].curve[2].validAccuracy = 0.76
        }.markdown
        let adamParagraph = try XCTUnwrap(markdown.components(separatedBy: "\n\n").first { $0.hasPrefix("**Adam converging faster") })
        XCTAssertTrue(adamParagraph.contains("**Adam converging faster: not supported.**"), adamParagraph)
        XCTAssertTrue(adamParagraph.contains("This run never started to learn: its training loss never went below 0.6932, where a network that gives each class probability one half scores 0.6931, and its validation accuracy ended at 50.00"), adamParagraph)
        XCTAssertEqual(markdown.components(separatedBy: "never started to learn").count, 2, "the other runs learned")
        XCTAssertTrue(markdown.contains("**Dropout not helping: supported.**"), "a loss does not refute \"would not help\"")
        XCTAssertTrue(markdown.contains("It did not help: it ended below the seeds by more than their spread."),
                      "Dropout ends 3 pts below the mean of 79 %, beyond the 2-point spread")
    }

    /// The report assembled from the P1 and P3 fixtures, with the conjectures'
    /// result changed by `change` before it is saved.
    private func assembled(
        changing change: (inout StepRecord<P3ConjecturesStep.Config, P3ConjecturesStep.Output>) throws -> Void = { _ in }
    ) throws -> ReportAssembler.Output {
        let directory = TemporaryDirectory("p3-conjectures")
        defer { directory.remove() }
        try P1Fixtures.writeAll(reports: directory.path)
        try P3Fixtures.writeAll(reports: directory.path)
        var record = P3Fixtures.conjectures()
        try change(&record)
        try ResultsStore(directory: directory.path + "/results").save(record)
        return try ReportAssembler(options: options(reports: directory.path), templatesDirectory: templatesDirectory,
                                   progress: CapturedLog().reporter)
            .assemble(standalone: false, formats: [.png])
    }
}
