import Foundation
import Learning
import ReportKit
import Tensor

/// Tests what the original claimed without trying: the main VGG of section 3.1
/// trained again with one thing changed per run (Adam, BatchNorm, Dropout,
/// normalised inputs), and twice more unchanged with other seeds, so that a
/// difference can be set against how far runs move when only the seed does.
struct P3ConjecturesStep: RunnableStep {
    static let id = "p3.conjectures"
    static let title = "Problem 3 — the original's conjectures, tested"
    static let dependencies = [P3TrainStep.id]
    static let inputs: [DataInput] = [.catdog]

    struct Config: Codable, Sendable {
        var runs: [ImageRunConfig]
        /// Every run's epochs; the main run is compared after as many of its own.
        var epochs: Int
        /// Share of the photos used (quick profile only).
        var subset: Double
    }

    struct Output: Codable, Sendable {
        var runs: [ImageRunOutput]
        /// The main run of section 3.1 over the same epochs: the first seed.
        var main: ImageRunOutput
        var trainCount: Int
        var validCount: Int
    }

    /// 15 epochs on the original schedule: a VGG epoch takes over a minute on
    /// a 2-core machine, so six runs of the main run's 35 would take four
    /// hours or more (the section states what they took here). The learning
    /// rate is constant, so the main run after its 15th epoch is the
    /// like-for-like comparison.
    static func epochs(_ profile: Profile) -> Int {
        switch profile {
        case .quick: 1
        case .short: 5
        case .original: 15
        }
    }

    func config(for options: BuildOptions) -> Config {
        let schedule = P3Schedule.forProfile(options.profile)
        let epochs = min(Self.epochs(options.profile), schedule.mainEpochs)
        let main = P3TrainStep.mainRun(epochs: epochs)
        return Config(runs: P3Conjecture.allCases.map { $0.run(from: main) }, epochs: epochs, subset: schedule.subset)
    }

    func runs(of config: Config, options: BuildOptions) -> [RunSpec] {
        config.runs.map { ImageRunSpec.make($0, subset: config.subset, options: options) }
    }

    func execute(_ run: RunSpec, config: Config, context: StepContext) throws -> ImageRunOutput {
        try trainSplitRun(run, of: config.runs, subset: config.subset, context: context)
    }

    func combine(_ outputs: [ImageRunOutput], config: Config, context: StepContext) throws -> Output {
        let trained = try context.output(of: P3TrainStep.self).run
        guard trained.curve.count >= config.epochs else {
            throw ReportError("\(context.store.path(for: P3TrainStep.id)): the main run has \(trained.curve.count) epochs, \(config.epochs) are needed to compare with; run `report build --force p3.train`")
        }
        var main = trained
        main.curve = Array(trained.curve.prefix(config.epochs))
        let split = try CatDogSplit(try context.data.catdog(), context: context, subset: config.subset)
        return Output(runs: outputs, main: main, trainCount: split.train.count, validCount: split.valid.count)
    }
}

/// The runs of the step: one per conjecture, and the main setting with two
/// more seeds. Each run's generator derives from its id, so the seed runs
/// differ from the main run (and each other) in their initial weights, batch
/// order and augmentation, and in nothing else.
enum P3Conjecture: String, CaseIterable, Codable, Sendable {
    case adam = "vgg_adam_lr0.001"
    case batchNorm = "vgg-bn_lr0.1_bs128"
    case dropout = "vgg-dropout_lr0.1_bs128"
    case normalisedInputs = "vgg-normalised_lr0.1_bs128"
    case seed2 = "vgg_lr0.1_bs128_seed2"
    case seed3 = "vgg_lr0.1_bs128_seed3"

    /// Adam at PyTorch's default rate, 10⁻³: SGD's 0.1 would be far too large for it.
    static let adamLearningRate = 0.001

    var isSeed: Bool { self == .seed2 || self == .seed3 }

    func run(from main: ImageRunConfig) -> ImageRunConfig {
        var run = main
        run.id = rawValue
        switch self {
        case .adam:
            run.optimizer = .adam
            run.learningRate = Self.adamLearningRate
        case .batchNorm: run.architecture = .vggBatchNorm
        case .dropout: run.architecture = .vggDropout
        case .normalisedInputs: run.normaliseInputs = true
        case .seed2, .seed3: break
        }
        return run
    }
}
