import Dispatch
import Foundation
import Learning
import ReportKit
import Tensor

/// How each network of the report is built and timed for the plan's estimates.
enum NetworkMeasurement {
    static func makeModel(_ network: NetworkKind, rng: inout SeededGenerator) -> (model: Sequential<Float>, classes: Int) {
        switch network {
        case .mlp(let hidden): (MLP.make(hidden: hidden, initializer: .glorot, rng: &rng), 10)
        case .smallVGG: (SmallVGGNet.make(rng: &rng), SmallVGGNet.classes)
        case .catDogVGG: (CatDogVGG.make(rng: &rng), CatDogVGG.classes)
        case .resNet(let batchNorm, let width): (CatDogResNet.make(width: width, batchNorm: batchNorm, rng: &rng), 2)
        }
    }

    /// One warm-up batch, then two timed training steps and one timed forward pass.
    static func measure(_ network: NetworkKind, batchSize: Int) -> NetworkCalibration.Measurement {
        var rng = SeededGenerator(seed: 11)
        let (model, classes) = makeModel(network, rng: &rng)
        let features = model.inputShape.reduce(1, *)
        var inputs = Tensor<Float>.uniform(shape: [batchSize, features], low: 0, high: 1, using: &rng)
        if case .mlp = network {
            // The MLP's first layer skips zero pixels: time it on MNIST's share of them (81 %).
            for i in 0..<inputs.count where rng.uniform(0, 1) < 0.81 { inputs.scalars[i] = 0 }
        }
        let batch = Batch(inputs: inputs, labels: (0..<batchSize).map { _ in rng.integer(below: classes) })
        let trainer = Trainer(model: model, optimizer: SGD(learningRate: 0.001))
        _ = trainer.step(batch)
        let train = seconds { for _ in 0..<2 { _ = trainer.step(batch) } } / Double(2 * batchSize)
        let evaluate = seconds { _ = model.forward(batch.inputs, training: false) } / Double(batchSize)
        return NetworkCalibration.Measurement(trainSecondsPerSample: train, evaluateSecondsPerSample: evaluate)
    }

    private static func seconds(_ body: () -> Void) -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }
}

extension NetworkCalibration {
    /// A calibration that times the report's networks on this machine.
    public convenience init() { self.init(measure: ReportNetworks.coursework.measure) }
}
