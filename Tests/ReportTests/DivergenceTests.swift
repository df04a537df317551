import Foundation
import Learning
import Tensor
import XCTest
@testable import ReportKit
@testable import Sections

/// A run whose loss turns NaN or infinite stops with one line saying where it
/// diverged and what to do, and never reaches a NaN→Int conversion.
final class DivergenceTests: XCTestCase {
    var directory: TemporaryDirectory!
    override func setUp() { directory = TemporaryDirectory("diverge") }
    override func tearDown() { directory.remove() }

    func context(photos: String = "", step: String) -> StepContext {
        var options = BuildOptions()
        options.reportsDirectory = directory.file("reports")
        options.catdogDirectory = photos
        options.quiet = true
        return StepContext(options: options, data: DataCatalog(options: options), store: ResultsStore(directory: options.resultsDirectory),
                           progress: CapturedLog().reporter, stepID: step)
    }

    func assertDiverged(_ body: @autoclosure () throws -> Any, run: String, line: UInt = #line) {
        XCTAssertThrowsError(try body(), line: line) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("\(run): training diverged at epoch 1"), text, line: line)
            XCTAssertTrue(text.contains("lower the learning rate"), text, line: line)
            XCTAssertFalse(text.contains("\n"), text, line: line)
        }
    }

    // The learning rate is infinite, so the loss turns NaN by IEEE arithmetic
    // alone (the last layer's bias becomes ±inf, and softmax takes inf − inf).
    // A merely huge rate is not enough everywhere: at 1e30 the ResNet's loss
    // stayed finite (about 1e29) on one machine's kernels and overflowed on another's.
    func testAnMLPWithAnInfiniteLearningRateStopsAtTheFirstEpoch() {
        var rng = SeededGenerator(seed: 3)
        let inputs = Tensor<Float>(shape: [40, 784], scalars: (0..<(40 * 784)).map { _ in Float(rng.nextUnitDouble()) })
        let examples = InMemoryExamples(inputs: inputs, labels: (0..<40).map { $0 % 10 })
        let run = MLPRunConfig(id: "wild", hidden: [16], initializer: .glorot, learningRate: .infinity, batchSize: 10, epochs: 3)
        assertDiverged(try trainMLP(run, train: examples, evaluation: examples, context: context(step: "p1.test")), run: "p1.test wild")
    }

    /// Stopped before the epoch's checkpoint: NaN weights are never saved to resume from.
    func testAnImageRunWithAnInfiniteLearningRateStopsBeforeItsCheckpoint() throws {
        let photos = CatDogPhotos.write(in: directory.file("catdog"))
        let run = context(photos: photos, step: "p3.test")
        let split = try CatDogSplit(try run.data.catdog(), context: run, subset: 1)
        let config = ImageRunConfig(id: "wild", architecture: .resnetPlain, learningRate: .infinity, batchSize: 4, epochs: 2, width: 0.0625)
        assertDiverged(try trainImageRun(config, train: split.train, valid: split.valid, context: run), run: "p3.test wild")
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory.file("reports/.checkpoints/p3.test-wild.ckpt")))
    }

    /// Weights saved by a diverged run give NaN probabilities: the visualisation
    /// says so instead of trapping on NaN→Int while binning confidences.
    func testVisualizingNaNWeightsIsAnErrorNotACrash() throws {
        let photos = CatDogPhotos.write(in: directory.file("catdog"))
        let run = context(photos: photos, step: P3VisualizeStep.id)
        var trained = P3Fixtures.train()
        trained.config.run = ImageRunConfig(id: "tiny", architecture: .resnetPlain, learningRate: 0.05, batchSize: 4, epochs: 1, width: 0.0625)
        trained.output.run.config = trained.config.run
        var rng = SeededGenerator(seed: 1)
        let model = CatDogModels.make(trained.config.run, rng: &rng)
        // The last layer's: a rectifier would turn NaN in an earlier one into 0.
        let last = model.parameters.last!
        last.value = Tensor(shape: last.value.shape, scalars: Array(repeating: .nan, count: last.value.count))
        try ModelFile.save(model, to: directory.file("reports/" + trained.output.weightsFile))
        try run.store.save(trained)
        let step = P3VisualizeStep()
        XCTAssertThrowsError(try step.run(step.config(for: run.options), context: run)) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("models/p3.train.ckpt"), text)
            XCTAssertTrue(text.contains("diverged"), text)
        }
    }

    func testBinningNonFiniteConfidencesDoesNotTrap() {
        let items = [Double.nan, .infinity, -.infinity, 0.7].enumerated().map { i, p in
            P3Selection.Scored(index: i, name: "\(i).jpg", label: 0, probabilities: [p, 1 - p])
        }
        let (bins, _) = P3Selection.reliability(items, bins: 5, lowest: 0.5)
        XCTAssertEqual(bins.map(\.count).reduce(0, +), 4)
    }
}
