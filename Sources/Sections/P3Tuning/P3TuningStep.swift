import ReportKit
import Foundation

/// The hyper-parameter table of Problem 3: batch size, learning rate and
/// epochs, each changed alone from the main run's setting.
struct P3TuningStep: RunnableStep {
    static let id = "p3.tuning"
    static let title = "Problem 3 — hyper-parameter tuning"
    static let dependencies = [P3TrainStep.id]
    static let inputs: [DataInput] = [.catdog]

    struct Config: Codable, Sendable {
        var runs: [ImageRunConfig]
        var epochCheckpoints: [Int]
        var schedule: P3Schedule
    }

    /// What a row of the table changes from the main run's setting. The raw
    /// values are what results have always saved, so older results read back.
    enum Change: String, Codable, Sendable {
        case reference
        case batchSize = "batch size"
        case learningRate = "learning rate"
        /// Not a run: the main run's curve read after so many epochs.
        case epochs
    }

    struct Row: Codable, Sendable {
        var parameter: Change
        /// The changed value as the table prints it.
        var value: String
        var validAccuracy: Double
        var epochs: Int
        /// "own run" or how the number was obtained otherwise.
        var source: String
    }

    struct Output: Codable, Sendable {
        var rows: [Row]
        var runs: [ImageRunOutput]
        var tuningTrainCount: Int
    }

    func config(for options: BuildOptions) -> Config {
        let schedule = P3Schedule.forProfile(options.profile)
        let e = schedule.tuningEpochs
        var runs = [
            ImageRunConfig(id: "vgg_lr0.1_bs256", architecture: .vgg, learningRate: 0.1, batchSize: 256, epochs: e),
            ImageRunConfig(id: "vgg_lr0.05_bs128", architecture: .vgg, learningRate: 0.05, batchSize: 128, epochs: e),
            ImageRunConfig(id: "vgg_lr0.005_bs128", architecture: .vgg, learningRate: 0.005, batchSize: 128, epochs: e),
        ]
        // On a shortened schedule the main run (all photos, more epochs) is no
        // fair yardstick: the reference setting is rerun under the same conditions.
        if schedule.tuningSubset < 1 || schedule.tuningEpochs != schedule.mainEpochs {
            runs.insert(ImageRunConfig(id: "vgg_lr0.1_bs128", architecture: .vgg, learningRate: 0.1, batchSize: 128, epochs: e), at: 0)
        }
        let checkpoints = [15, 25, 35].filter { $0 <= schedule.mainEpochs }
        return Config(runs: runs, epochCheckpoints: checkpoints.isEmpty ? [schedule.mainEpochs] : checkpoints, schedule: schedule)
    }

    /// The share of the photos the tuning runs see.
    static func subset(_ config: Config) -> Double { config.schedule.subset * config.schedule.tuningSubset }

    func runs(of config: Config, options: BuildOptions) -> [RunSpec] {
        config.runs.map { ImageRunSpec.make($0, subset: Self.subset(config), options: options) }
    }

    func execute(_ run: RunSpec, config: Config, context: StepContext) throws -> ImageRunOutput {
        try trainSplitRun(run, of: config.runs, subset: Self.subset(config), context: context)
    }

    func combine(_ outputs: [ImageRunOutput], config: Config, context: StepContext) throws -> Output {
        let main = try context.output(of: P3TrainStep.self)
        let split = try CatDogSplit(try context.data.catdog(), context: context, subset: Self.subset(config))
        var rows: [Row] = []
        for (run, output) in zip(config.runs, outputs) {
            let main = P3TrainStep.mainRun(epochs: run.epochs)
            let changed: (Change, String) = run.batchSize != main.batchSize ? (.batchSize, "\(run.batchSize)")
                : run.learningRate != main.learningRate ? (.learningRate, "\(run.learningRate)")
                : (.reference, "lr \(main.learningRate), batch \(main.batchSize)")
            rows.append(Row(
                parameter: changed.0, value: changed.1, validAccuracy: output.curve.last?.validAccuracy ?? .nan,
                epochs: run.epochs, source: "own run"))
        }
        // The schedule is constant, so a shorter run is the longer run stopped
        // early: its accuracy is read off the main curve rather than retrained.
        for epochs in config.epochCheckpoints {
            // The curve is read back from p3.train's saved result: a short one is a damaged file.
            guard main.run.curve.indices.contains(epochs - 1) else {
                throw ReportError("\(context.store.path(for: P3TrainStep.id)): the saved curve has \(main.run.curve.count) epochs, \(epochs) are needed; run `report build --force p3.train`")
            }
            let point = main.run.curve[epochs - 1]
            rows.append(Row(
                parameter: .epochs, value: "\(epochs)", validAccuracy: point.validAccuracy ?? .nan,
                epochs: epochs, source: "p3.train after epoch \(epochs)"))
        }
        return Output(rows: rows, runs: outputs, tuningTrainCount: split.train.count)
    }
}
