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
        let directory = TemporaryDirectory("p3-conjectures")
        defer { directory.remove() }
        try P1Fixtures.writeAll(reports: directory.path)
        try P3Fixtures.writeAll(reports: directory.path)
        let output = try ReportAssembler(options: options(reports: directory.path), templatesDirectory: templatesDirectory,
                                         progress: CapturedLog().reporter)
            .assemble(standalone: false, formats: [.png])
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
    }
}
