import XCTest
@testable import ReportKit
@testable import Sections

/// The comparison's sentence on Problem 3's moved accuracies reads the main
/// run's last ten validation accuracies and counts the gaps smaller than their range.
final class EpochNoiseTests: XCTestCase {
    private func row(_ metric: String, difference: Double, verdict: DiffRow.Verdict = .moved,
                     kind: MetricKind = .accuracyPercent) -> DiffRow {
        DiffRow(metric: metric, kind: kind, baseline: 80, current: 80 + difference, difference: difference,
                tolerance: 1, verdict: verdict, reason: nil)
    }

    private func mainRun(validAccuracies: [Double]) -> P3TrainStep.Output {
        var output = P3Fixtures.train().output
        output.run = P3Fixtures.run("vgg_lr0.1_bs128", curve: P3Fixtures.curve(validAccuracies.map { (train: 0.9, valid: $0) }))
        return output
    }

    func testCountsTheMovedProblem3AccuraciesWithinTheLastTenEpochsRange() throws {
        // Epochs 1–2 are outside the window: their 0.50 must not widen the range to 35 points.
        let main = mainRun(validAccuracies: [0.50, 0.50, 0.82, 0.85, 0.83, 0.84, 0.81, 0.86, 0.84, 0.83, 0.85, 0.84])
        let rows = [
            row("p3.tuning.a.valid.accuracy.final", difference: -2.9),
            row("p3.tuning.b.valid.accuracy.final", difference: 5.2),
            row("p3.tuning.c.valid.accuracy.final", difference: 0.5, verdict: .within),
            row("p1.init.glorot.valid.accuracy.final", difference: 3),
            row("p3.train.x.valid.loss.final", difference: 0.3, kind: .loss),
        ]
        let noise = try XCTUnwrap(EpochNoise.measure(rows, mainRun: main))
        XCTAssertEqual(noise.low, NumberFormat.percent(fraction: 0.81))
        XCTAssertEqual(noise.high, NumberFormat.percent(fraction: 0.86))
        XCTAssertEqual(noise.spread, "5.00 points")
        XCTAssertEqual(noise.explained, "1 of Problem 3's 2 moved accuracies differ")
    }

    func testSaysNothingWithoutMovedAccuraciesOrTenEpochs() {
        let ten = mainRun(validAccuracies: Array(repeating: 0.8, count: 10))
        XCTAssertNil(EpochNoise.measure([row("p3.tuning.a.valid.accuracy.final", difference: 0.2, verdict: .within)], mainRun: ten))
        XCTAssertNil(EpochNoise.measure([row("p3.tuning.a.valid.accuracy.final", difference: 3)],
                                        mainRun: mainRun(validAccuracies: [0.6, 0.7, 0.8])))
        XCTAssertEqual(EpochNoise.measure([row("p3.tuning.a.valid.accuracy.final", difference: 0)], mainRun: ten)?.explained,
                       "The one moved accuracy of Problem 3 differs")
    }
}

/// The comparison's sentence on seeds reads the conjectures step's three runs
/// of the main setting that differ only in their seed.
final class SeedNoiseTests: XCTestCase {
    func testTheSeedRunsRangeIsTheMovementOfANewSeed() throws {
        let record = P3Fixtures.conjectures()
        // The fixture's main run ends at 78 % (its third epoch), the seed runs at 80 % and 79 %.
        XCTAssertEqual(record.output.main.curve.last?.validAccuracy, 0.78)
        let noise = try XCTUnwrap(SeedNoise.measure(record))
        XCTAssertEqual(noise.runs, "3")
        XCTAssertEqual(noise.spread, "2.00 points")
        XCTAssertEqual(noise.epochCount, "3 epochs")
    }

    func testSaysNothingWithoutTheSeedRuns() {
        var record = P3Fixtures.conjectures()
        record.output.runs.removeAll { $0.config.id == P3Conjecture.seed3.rawValue }
        XCTAssertNil(SeedNoise.measure(record))
        XCTAssertNil(SeedNoise.measure(nil))
    }
}
