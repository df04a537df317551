import Foundation
import Learning

/// Problem 3's appendix: a ResNet-18 with BatchNorm (written here, forward and
/// backward) against the same network without it, on the same split.
struct P3ResNetStep: ReportStep {
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

    func run(_ config: Config, context: StepContext) throws -> Output {
        let split = CatDogSplit(try context.data.catdog(), context: context, subset: config.schedule.subset)
        var outputs: [ImageRunOutput] = []
        var layerCount = 0
        for run in config.runs {
            let (output, model) = try trainImageRun(run, train: split.train, valid: split.valid, context: context)
            outputs.append(output)
            layerCount = model.layers.count
        }
        return Output(runs: outputs, layers: layerCount, trainCount: split.train.count, validCount: split.valid.count)
    }
}
