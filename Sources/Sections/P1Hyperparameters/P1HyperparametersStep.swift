import ReportKit
import Learning
import Tensor

/// Section 1.3: the hyper-parameter search, each run scored on the validation
/// set after every epoch; the best by final validation accuracy is also tested.
struct P1HyperparameterStep: RunnableStep {
    static let id = "p1.hyperparams"
    /// 2: the first layer skips zero pixels (`Dense.skipsZeroInputs`), which
    /// sums in another order than the BLAS and moves the last bits.
    /// 3: the dense products run on the workers, one BLAS thread each
    /// (`Dense.productsOnWorkers`), which again moves the last bits.
    static let codeVersion = 3
    static let title = "Problem 1 — hyper-parameter search"
    static let inputs: [DataInput] = [.digits]

    struct Config: Codable, Sendable {
        var runs: [MLPRunConfig]
        var subset: DataSubset
    }

    /// Accuracies as fractions, like the run's curve.
    struct RunResult: Codable, Sendable {
        var run: MLPRunOutput
        var finalValidAccuracy: Double
        var test: TestScore
        /// Says the accuracies are fractions (see `AccuracyUnit`).
        let accuracyUnit = AccuracyUnit.fraction
    }

    struct TestScore: Codable, Sendable, HoldsShares {
        var accuracy: Double
        var loss: Double
        var exactLoss: Double

        func fractions(from unit: AccuracyUnit) -> TestScore {
            var score = self
            score.accuracy = unit.fraction(accuracy)
            return score
        }
    }

    struct Output: Codable, Sendable {
        var runs: [RunResult]
        var bestRun: String
        var bestTest: TestScore
        /// Says the best test accuracy is a fraction (see `AccuracyUnit`).
        let accuracyUnit = AccuracyUnit.fraction
    }

    /// The original's runs, with the ids its published numbers carry.
    static func searchRuns(epochScale: (Int) -> Int) -> [MLPRunConfig] {
        func run(_ id: P1SearchRun, lr: Double, batch: Int, epochs: Int = 10, hidden: [Int] = [666, 666]) -> MLPRunConfig {
            MLPRunConfig(id: id.rawValue, hidden: hidden, initializer: .glorot, learningRate: lr, batchSize: batch,
                         epochs: epochScale(epochs))
        }
        return [
            run(.best, lr: 0.1, batch: 100),
            run(.smallRate, lr: 0.01, batch: 100),
            run(.batch256, lr: 0.01, batch: 256),
            run(.batch512, lr: 0.01, batch: 512),
            run(.moreEpochs, lr: 0.01, batch: 100, epochs: 20),
            run(.wider, lr: 0.1, batch: 100, hidden: [1024, 512]),
        ]
    }

    func config(for options: BuildOptions) -> Config {
        let quick = options.profile == .quick
        return Config(
            runs: Self.searchRuns { quick ? max(1, $0 / 10) : $0 },
            subset: quick ? DataSubset(train: 5000, valid: 1000, test: 1000) : .none)
    }

    func runs(of config: Config, options: BuildOptions) -> [RunSpec] {
        let valid = min(config.subset.valid ?? DigitSplitSizes.valid, DigitSplitSizes.valid)
        return config.runs.map { DigitSplitSizes.mlpRunSpec($0, subset: config.subset, evaluated: valid, finalTest: true) }
    }

    /// Trains one setting, scored on the validation set after every epoch and on the test set at the end.
    func execute(_ spec: RunSpec, config: Config, context: StepContext) throws -> RunResult {
        let digits = try context.data.digits()
        let train = config.subset.apply(digits.train, config.subset.train)
        let valid = config.subset.apply(digits.valid, config.subset.valid)
        let test = config.subset.apply(digits.test, config.subset.test)
        let run = config.runs.first { $0.id == spec.id }!
        let (output, model) = try trainMLP(run, train: train, evaluation: valid, context: context)
        let score = evaluate(model, on: test)
        return RunResult(
            run: output, finalValidAccuracy: output.curve.last?.accuracy ?? .nan,
            test: TestScore(accuracy: score.accuracy, loss: score.meanClampedLoss, exactLoss: score.meanLoss))
    }

    func combine(_ results: [RunResult], config: Config, context: StepContext) throws -> Output {
        // Ties go to the earlier run, so the choice is stable.
        let best = results.enumerated().max {
            $0.element.finalValidAccuracy < $1.element.finalValidAccuracy
                || ($0.element.finalValidAccuracy == $1.element.finalValidAccuracy && $0.offset > $1.offset)
        }!.element
        return Output(runs: results, bestRun: best.run.config.id, bestTest: best.test)
    }
}

extension P1HyperparameterStep.RunResult {
    init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let unit = try container.accuracyUnit()
        self.init(
            run: try container.decode(MLPRunOutput.self, forKey: .run),
            finalValidAccuracy: unit.fraction(try container.decode(Double.self, forKey: .finalValidAccuracy)),
            test: try container.decode(P1HyperparameterStep.TestScore.self, forKey: .test, savedIn: unit))
    }
}

extension P1HyperparameterStep.Output {
    init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let unit = try container.accuracyUnit()
        self.init(
            runs: try container.decode([P1HyperparameterStep.RunResult].self, forKey: .runs),
            bestRun: try container.decode(String.self, forKey: .bestRun),
            bestTest: try container.decode(P1HyperparameterStep.TestScore.self, forKey: .bestTest, savedIn: unit))
    }
}

/// The search's runs, named once: the step configures them, the section
/// compares them, and the ids are the ones the original's numbers carry.
enum P1SearchRun: String, CaseIterable {
    case best = "best_lr0.1_bs100"
    case smallRate = "lr0.01"
    case batch256 = "bs256"
    case batch512 = "bs512"
    case moreEpochs = "epochs20"
    case wider = "hidden1024_512"
}
