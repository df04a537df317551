import ReportKit
import Learning
import Tensor

/// Section 1.2: Zero, Normal and Glorot initialisation, same schedule,
/// evaluated on the training set after every epoch as the original did.
struct P1InitStep: RunnableStep {
    static let id = "p1.init"
    /// 2: the first layer skips zero pixels (`Dense.skipsZeroInputs`), which
    /// sums in another order than the BLAS and moves the last bits.
    /// 3: the dense products run on the workers, one BLAS thread each
    /// (`Dense.productsOnWorkers`), which again moves the last bits.
    static let codeVersion = 3
    static let title = "Problem 1 — initialisation"
    static let inputs: [DataInput] = [.digits]

    struct Config: Codable, Sendable {
        var runs: [MLPRunConfig]
        var subset: DataSubset
    }

    struct Output: Codable, Sendable {
        var runs: [MLPRunOutput]
        var majorityClass: Int
        /// Share of the most frequent label in the training set, as a fraction:
        /// the accuracy of a network that always predicts that label.
        var majorityClassShare: Double
        var trainExamples: Int
        /// Says the share is a fraction (see `AccuracyUnit`).
        let accuracyUnit = AccuracyUnit.fraction
    }

    func config(for options: BuildOptions) -> Config {
        let quick = options.profile == .quick
        let runs = Initializer.allCases.map { initializer in
            MLPRunConfig(
                id: initializer.rawValue, hidden: [666, 666], initializer: initializer,
                learningRate: 0.001, batchSize: 200, epochs: quick ? 2 : 10)
        }
        return Config(runs: runs, subset: quick ? DataSubset(train: 5000, valid: nil, test: nil) : .none)
    }

    func runs(of config: Config, options: BuildOptions) -> [RunSpec] {
        config.runs.map { DigitSplitSizes.mlpRunSpec($0, subset: config.subset, evaluated: nil, finalTest: false) }
    }

    func execute(_ run: RunSpec, config: Config, context: StepContext) throws -> MLPRunOutput {
        let train = config.subset.apply(try context.data.digits().train, config.subset.train)
        let mlp = config.runs.first { $0.id == run.id }!
        return try trainMLP(mlp, train: train, evaluation: train, context: context).output
    }

    func combine(_ outputs: [MLPRunOutput], config: Config, context: StepContext) throws -> Output {
        let train = config.subset.apply(try context.data.digits().train, config.subset.train)
        var counts = [Int: Int]()
        for label in train.labels { counts[label, default: 0] += 1 }
        let majority = counts.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }!
        return Output(
            runs: outputs, majorityClass: majority.key,
            majorityClassShare: Double(majority.value) / Double(train.count), trainExamples: train.count)
    }
}

extension P1InitStep.Output {
    /// Outputs saved in percent called the share `majorityClassPercent`.
    private enum LegacyKeys: String, CodingKey {
        case majorityClassPercent
    }

    init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let unit = try container.accuracyUnit()
        let share = unit == .percent
            ? try decoder.container(keyedBy: LegacyKeys.self).decode(Double.self, forKey: .majorityClassPercent)
            : try container.decode(Double.self, forKey: .majorityClassShare)
        self.init(
            runs: try container.decode([MLPRunOutput].self, forKey: .runs),
            majorityClass: try container.decode(Int.self, forKey: .majorityClass),
            majorityClassShare: unit.fraction(share),
            trainExamples: try container.decode(Int.self, forKey: .trainExamples))
    }
}
