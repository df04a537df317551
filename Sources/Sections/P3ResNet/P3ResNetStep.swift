import ReportKit
import Foundation
import Learning
import Tensor

/// Problem 3's appendix: a ResNet-18 with BatchNorm (written here, forward and
/// backward) against the same network without it, on the same split.
struct P3ResNetStep: RunnableStep {
    static let id = "p3.resnet"
    static let title = "Problem 3 — ResNet with and without BatchNorm"
    static let inputs: [DataInput] = [.catdog]
    /// 2: BatchNorm statistics per plane and the fused rectifiers (see `numericsVersion`).
    static let codeVersion = 2

    struct Config: Codable, Sendable {
        var runs: [ImageRunConfig]
        var schedule: P3Schedule
    }

    struct Output: Codable, Sendable {
        var runs: [ImageRunOutput]
        var layers: Int
        var trainCount: Int
        var validCount: Int
    }

    func config(for options: BuildOptions) -> Config {
        var schedule = P3Schedule.forProfile(options.profile)
        if let width = options.resnetWidth { schedule.resnetWidth = width }
        let runs = [ImageRunConfig.Architecture.resnetBatchNorm, .resnetPlain].map { architecture in
            ImageRunConfig(
                id: architecture.rawValue + "_lr0.05_bs128", architecture: architecture, learningRate: 0.05,
                batchSize: 128, epochs: schedule.resnetEpochs, width: schedule.resnetWidth)
        }
        return Config(runs: runs, schedule: schedule)
    }

    func runs(of config: Config, options: BuildOptions) -> [RunSpec] {
        config.runs.map { ImageRunSpec.make($0, subset: config.schedule.subset, options: options) }
    }

    func execute(_ run: RunSpec, config: Config, context: StepContext) throws -> ImageRunOutput {
        try trainSplitRun(run, of: config.runs, subset: config.schedule.subset, context: context)
    }

    func combine(_ outputs: [ImageRunOutput], config: Config, context: StepContext) throws -> Output {
        let split = try CatDogSplit(try context.data.catdog(), context: context, subset: config.schedule.subset)
        var unused = SeededGenerator(seed: 0)
        let layerCount = config.runs.last.map { CatDogModels.make($0, rng: &unused).layers.count } ?? 0
        return Output(runs: outputs, layers: layerCount, trainCount: split.train.count, validCount: split.valid.count)
    }
}
