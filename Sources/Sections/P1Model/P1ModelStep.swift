import ReportKit
import Learning
import Tensor

/// Section 1.1: the architecture and its parameter count, layer by layer.
struct P1ModelStep: ReportStep {
    static let id = "p1.model"
    static let title = "Problem 1 — building the model"
    static let inputs: [DataInput] = []

    struct Config: Codable, Sendable { var hidden: [Int] }
    struct Output: Codable, Sendable {
        var layers: [LayerSummary]
        var totalParameters: Int
    }

    func config(for options: BuildOptions) -> Config { Config(hidden: [666, 666]) }

    func run(_ config: Config, context: StepContext) throws -> Output {
        var rng = context.rng("shape")
        let model: Sequential<Float> = MLP.make(hidden: config.hidden, initializer: .zero, rng: &rng)
        return Output(layers: model.summary(), totalParameters: model.parameterCount)
    }
}
