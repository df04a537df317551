import ReportKit
import Datasets
import Foundation
import Learning
import Tensor

/// One training run of Problem 1, as the report describes it.
struct MLPRunConfig: Codable, Sendable, Equatable {
    var id: String
    var hidden: [Int]
    var initializer: Initializer
    var learningRate: Double
    var batchSize: Int
    var epochs: Int
}

/// Metrics after one epoch. Accuracy as a fraction (the original printed it in
/// percent); `loss` is the original's clamped −log(p + 1e-8), `exactLoss` the true cross-entropy.
struct EpochPoint: Codable, Sendable, Equatable, HoldsShares {
    var epoch: Int
    var accuracy: Double
    var loss: Double
    var exactLoss: Double
    var trainSeconds: Double

    func fractions(from unit: AccuracyUnit) -> EpochPoint {
        var point = self
        point.accuracy = unit.fraction(accuracy)
        return point
    }
}

struct MLPRunOutput: Codable, Sendable {
    var config: MLPRunConfig
    var curve: [EpochPoint]
    var parameters: Int
    /// Says the curve's accuracies are fractions (see `AccuracyUnit`).
    let accuracyUnit = AccuracyUnit.fraction
    var meanEpochSeconds: Double { curve.map(\.trainSeconds).reduce(0, +) / Double(max(curve.count, 1)) }
}

extension MLPRunOutput {
    init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let unit = try container.accuracyUnit()
        self.init(
            config: try container.decode(MLPRunConfig.self, forKey: .config),
            curve: try container.decode([EpochPoint].self, forKey: .curve, savedIn: unit),
            parameters: try container.decode(Int.self, forKey: .parameters))
    }
}

/// Rows kept for the quick profile: enough to learn, small enough for tests.
struct DataSubset: Codable, Sendable, Equatable {
    var train: Int?
    var valid: Int?
    var test: Int?

    static let none = DataSubset(train: nil, valid: nil, test: nil)

    func apply(_ images: LabelledImages, _ limit: Int?) -> InMemoryExamples<Float> {
        let kept = limit.map { min($0, images.count) } ?? images.count
        let part = kept == images.count ? images : images.subset(0..<kept)
        return InMemoryExamples(inputs: part.images, labels: part.labels)
    }
}

/// The digit splits' sizes (MNIST's pickle and the split of Fashion-MNIST both
/// give 50,000 / 10,000 / 10,000), for cost estimates made before loading any data.
enum DigitSplitSizes {
    static let train = 50_000, valid = 10_000, test = 10_000

    static func mlpRunSpec(_ run: MLPRunConfig, subset: DataSubset, evaluated: Int?, finalTest: Bool) -> RunSpec {
        let train = min(subset.train ?? Self.train, Self.train)
        let test = min(subset.test ?? Self.test, Self.test)
        return RunSpec(
            id: run.id, configuration: MLPRunKey(run: run, subset: subset),
            cost: RunCost(network: .mlp(hidden: run.hidden), epochs: run.epochs, batchSize: run.batchSize,
                          trainSamples: train, evaluatedSamples: evaluated ?? train, finalSamples: finalTest ? test : 0))
    }

    struct MLPRunKey: Encodable {
        var run: MLPRunConfig
        var subset: DataSubset
    }
}

/// Trains one MLP configuration, evaluating on `evaluation` after each epoch.
func trainMLP(
    _ run: MLPRunConfig, train: InMemoryExamples<Float>, evaluation: InMemoryExamples<Float>,
    context: StepContext
) throws -> (output: MLPRunOutput, model: Sequential<Float>) {
    var rng = context.rng(run.id)
    let model: Sequential<Float> = MLP.make(hidden: run.hidden, initializer: run.initializer, rng: &rng)
    let trainer = Trainer(model: model, optimizer: SGD(learningRate: Float(run.learningRate)))
    let bar = EpochProgressBar(reporter: context.progress, label: "\(context.stepID) \(run.id)")
    var curve: [EpochPoint] = []
    try explainingDivergence(run: run.id, learningRate: run.learningRate, context: context) {
        try trainer.fit(train, batchSize: run.batchSize, epochs: run.epochs, rng: &rng, observer: bar) { fitted in
            let result = evaluate(model, on: evaluation)
            curve.append(EpochPoint(
                epoch: fitted.epoch, accuracy: result.accuracy, loss: result.meanClampedLoss,
                exactLoss: result.meanLoss, trainSeconds: fitted.seconds))
            let note = context.progress.etaNote(
                step: context.stepID, run: run.id, epoch: fitted.epoch, of: run.epochs,
                meanEpochSeconds: curve.map(\.trainSeconds).reduce(0, +) / Double(curve.count))
            context.progress.log(String(
                format: "  %@ epoch %d: accuracy %.3f%%, loss %.4f (%.1fs; %@)", run.id, fitted.epoch,
                100 * result.accuracy, result.meanClampedLoss, fitted.seconds, note))
        }
    }
    return (MLPRunOutput(config: run, curve: curve, parameters: model.parameterCount), model)
}
