import ReportKit
import Datasets
import Foundation
import Learning
import Tensor

/// Problem 3's main run: the VGG-style network trained with augmentation on
/// 80 % of the photos, scored on the other 20 % after every epoch.
struct P3TrainStep: RunnableStep {
    static let id = "p3.train"
    static let title = "Problem 3 — VGG on cats vs dogs"
    static let inputs: [DataInput] = [.catdog]

    struct Config: Codable, Sendable {
        var run: ImageRunConfig
        var schedule: P3Schedule
    }

    struct Output: Codable, Sendable {
        var run: ImageRunOutput
        var layers: [LayerSummary]
        var classes: [String]
        var trainCount: Int
        var validCount: Int
        var testCount: Int
        var skippedFiles: [String]
        /// Where the trained weights were saved (for the visualisations), relative to the reports folder.
        var weightsFile: String
    }

    static func mainRun(epochs: Int) -> ImageRunConfig {
        ImageRunConfig(id: "vgg_lr0.1_bs128", architecture: .vgg, learningRate: 0.1, batchSize: 128, epochs: epochs)
    }

    func config(for options: BuildOptions) -> Config {
        let schedule = P3Schedule.forProfile(options.profile)
        return Config(run: Self.mainRun(epochs: schedule.mainEpochs), schedule: schedule)
    }

    static let weightsFile = "models/p3.train.ckpt"

    func runs(of config: Config, options: BuildOptions) -> [RunSpec] {
        [ImageRunSpec.make(config.run, subset: config.schedule.subset, options: options)]
    }

    /// Trains the main run and saves its weights for the visualisations.
    func execute(_ run: RunSpec, config: Config, context: StepContext) throws -> ImageRunOutput {
        let split = try CatDogSplit(try context.data.catdog(), context: context, subset: config.schedule.subset)
        let (output, model) = try trainImageRun(config.run, train: split.train, valid: split.valid, context: context)
        try ModelFile.save(model, to: context.options.reportsDirectory + "/" + Self.weightsFile)
        return output
    }

    func combine(_ outputs: [ImageRunOutput], config: Config, context: StepContext) throws -> Output {
        let data = try context.data.catdog()
        let split = try CatDogSplit(data, context: context, subset: config.schedule.subset)
        var unused = SeededGenerator(seed: 0)
        return Output(
            run: outputs[0], layers: CatDogModels.make(config.run, rng: &unused).summary(), classes: data.train.classes,
            trainCount: split.train.count, validCount: split.valid.count, testCount: data.test.count,
            skippedFiles: (data.train.skipped + data.test.skipped).map(\.description), weightsFile: Self.weightsFile)
    }
}

/// Trained weights on disk, in the checkpoint format (safetensors, without optimiser state).
enum ModelFile {
    static func save(_ model: Sequential<Float>, to path: String) throws {
        let weights = Checkpoint<String>.state(of: model, optimizer: SGD(learningRate: 0))
        try Checkpoint<String>(runKey: "weights", epochsDone: 0, rng: SeededGenerator(seed: 0), progress: "", tensors: weights)
            .write(to: path)
    }

    static func load(into model: Sequential<Float>, from path: String) throws {
        // An error, not the training loop's "warning: …; starting that run from the beginning":
        // nothing restarts here, and the command would print "error: warning: …".
        let damaged = " (damaged); run `report build --force p3.train` to train them again"
        let file: Checkpoint<String>?
        do {
            file = try Checkpoint<String>.readIfPresent(path)
        } catch {
            throw ReportError(ReportError.describing(error) + damaged)
        }
        guard let file else {
            throw ReportError("\(path): no saved weights (they are not in git); run `report build --force p3.train` to train them again")
        }
        try file.restore(into: model, optimizer: SGD(learningRate: 0))
    }
}
