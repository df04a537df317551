import ReportKit
import Foundation
import Learning
import Tensor

/// Problem 2: SmallVGGNet on MNIST train+valid (60k), tested on the 10k test
/// set before training and after every epoch, then compared with the best MLP.
struct P2CNNStep: RunnableStep {
    static let id = "p2.cnn"
    static let title = "Problem 2 — SmallVGGNet on MNIST"
    static let dependencies = [P1HyperparameterStep.id]
    static let inputs: [DataInput] = [.digits]

    struct Config: Codable, Sendable {
        var learningRate: Double
        var batchSize: Int
        var epochs: Int
        var subset: DataSubset
    }

    /// Accuracies as fractions.
    struct Point: Codable, Sendable, HoldsShares {
        /// 0 is before training.
        var epoch: Int
        var trainAccuracy: Double
        var trainLoss: Double
        var testAccuracy: Double
        var testLoss: Double
        var trainSeconds: Double

        func fractions(from unit: AccuracyUnit) -> Point {
            var point = self
            point.trainAccuracy = unit.fraction(trainAccuracy)
            point.testAccuracy = unit.fraction(testAccuracy)
            return point
        }
    }

    struct Comparison: Codable, Sendable, HoldsShares {
        var model: String
        var parameters: Int
        var testAccuracy: Double
        var testLoss: Double
        var trainingSeconds: Double

        func fractions(from unit: AccuracyUnit) -> Comparison {
            var comparison = self
            comparison.testAccuracy = unit.fraction(testAccuracy)
            return comparison
        }
    }

    struct Output: Codable, Sendable {
        var layers: [LayerSummary]
        var totalParameters: Int
        var curve: [Point]
        var trainExamples: Int
        var testExamples: Int
        var comparison: [Comparison]
        /// Says the accuracies are fractions (see `AccuracyUnit`).
        let accuracyUnit = AccuracyUnit.fraction
    }

    func config(for options: BuildOptions) -> Config {
        options.profile == .quick
            ? Config(learningRate: 0.03, batchSize: 100, epochs: 2, subset: DataSubset(train: 3000, valid: nil, test: 1000))
            : Config(learningRate: 0.03, batchSize: 100, epochs: 10, subset: .none)
    }

    /// The network's training and what is known of it once trained; the
    /// comparison with the best MLP is added when the step's result is combined.
    struct RunOutput: Codable, Sendable {
        var layers: [LayerSummary]
        var totalParameters: Int
        var curve: [Point]
        var trainExamples: Int
        var testExamples: Int
        /// Says the curve's accuracies are fractions (see `AccuracyUnit`).
        let accuracyUnit = AccuracyUnit.fraction
    }

    func runs(of config: Config, options: BuildOptions) -> [RunSpec] {
        let train = min(config.subset.train ?? 60_000, DigitSplitSizes.train + DigitSplitSizes.valid)
        let test = min(config.subset.test ?? DigitSplitSizes.test, DigitSplitSizes.test)
        return [RunSpec(
            id: "smallvgg", configuration: config,
            cost: RunCost(network: .smallVGG, epochs: config.epochs, batchSize: config.batchSize, trainSamples: train,
                          evaluatedSamples: train + test, finalSamples: train + test))]
    }

    func execute(_ run: RunSpec, config: Config, context: StepContext) throws -> RunOutput {
        let digits = try context.data.digits()
        let train = config.subset.apply(digits.train.concatenated(with: digits.valid), config.subset.train)
        let test = config.subset.apply(digits.test, config.subset.test)
        var rng = context.rng("smallvgg")
        let model: Sequential<Float> = SmallVGGNet.make(rng: &rng)
        let trainer = Trainer(model: model, optimizer: SGD(learningRate: Float(config.learningRate)))
        var curve = [Self.point(0, seconds: 0, model: model, train: train, test: test, context: context)]
        let bar = EpochProgressBar(reporter: context.progress, label: "p2.cnn smallvgg")
        try explainingDivergence(run: "SmallVGGNet", learningRate: config.learningRate, context: context) {
            try trainer.fit(train, batchSize: config.batchSize, epochs: config.epochs, rng: &rng, observer: bar) { fitted in
                curve.append(Self.point(fitted.epoch, seconds: fitted.seconds, model: model, train: train, test: test, context: context))
            }
        }
        return RunOutput(layers: model.summary(), totalParameters: model.parameterCount, curve: curve,
                         trainExamples: train.count, testExamples: test.count)
    }

    /// Accuracy and loss on the training and test sets after `epoch` (0: before training).
    private static func point(
        _ epoch: Int, seconds: Double, model: Sequential<Float>, train: InMemoryExamples<Float>,
        test: InMemoryExamples<Float>, context: StepContext
    ) -> Point {
        let onTrain = evaluate(model, on: train, batchSize: 500)
        let onTest = evaluate(model, on: test, batchSize: 500)
        context.progress.log(String(
            format: "  epoch %d: train %.2f%% (loss %.4f), test %.2f%% (loss %.4f), %.1fs", epoch,
            100 * onTrain.accuracy, onTrain.meanLoss, 100 * onTest.accuracy, onTest.meanLoss, seconds))
        return Point(
            epoch: epoch, trainAccuracy: onTrain.accuracy, trainLoss: onTrain.meanLoss,
            testAccuracy: onTest.accuracy, testLoss: onTest.meanLoss, trainSeconds: seconds)
    }

    func combine(_ outputs: [RunOutput], config: Config, context: StepContext) throws -> Output {
        let cnn = outputs[0]
        return Output(cnn, comparison: [try bestMLP(context), cnnComparison(parameters: cnn.totalParameters, cnn.curve)])
    }

    private func cnnComparison(parameters: Int, _ curve: [Point]) -> Comparison {
        Comparison(
            model: "SmallVGGNet (CNN)", parameters: parameters,
            testAccuracy: curve.last!.testAccuracy, testLoss: curve.last!.testLoss,
            trainingSeconds: curve.map(\.trainSeconds).reduce(0, +))
    }

    /// The best Problem 1 MLP, read from its saved result (trained on 50k, tested on the same 10k).
    private func bestMLP(_ context: StepContext) throws -> Comparison {
        let search = try context.output(of: P1HyperparameterStep.self)
        let best = search.runs.first { $0.run.config.id == search.bestRun }!
        return Comparison(
            model: "MLP \(([784] + best.run.config.hidden + [10]).map(String.init).joined(separator: "-"))",
            parameters: best.run.parameters, testAccuracy: best.test.accuracy, testLoss: best.test.exactLoss,
            trainingSeconds: best.run.curve.map(\.trainSeconds).reduce(0, +))
    }
}

extension P2CNNStep.RunOutput {
    init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let unit = try container.accuracyUnit()
        self.init(
            layers: try container.decode([LayerSummary].self, forKey: .layers),
            totalParameters: try container.decode(Int.self, forKey: .totalParameters),
            curve: try container.decode([P2CNNStep.Point].self, forKey: .curve, savedIn: unit),
            trainExamples: try container.decode(Int.self, forKey: .trainExamples),
            testExamples: try container.decode(Int.self, forKey: .testExamples))
    }
}

extension P2CNNStep.Output {
    /// The run's result with the comparison the step adds to it.
    init(_ run: P2CNNStep.RunOutput, comparison: [P2CNNStep.Comparison]) {
        self.init(layers: run.layers, totalParameters: run.totalParameters, curve: run.curve,
                  trainExamples: run.trainExamples, testExamples: run.testExamples, comparison: comparison)
    }

    /// The step's result holds the run's fields at the top level, so the
    /// run's decoder (with its unit migration) reads them from the same JSON.
    init(from decoder: Decoder) throws {
        let run = try P2CNNStep.RunOutput(from: decoder)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let unit = try container.accuracyUnit()
        self.init(run, comparison: try container.decode([P2CNNStep.Comparison].self, forKey: .comparison, savedIn: unit))
    }
}
