import Dispatch
import Foundation
import Learning
import Tensor

/// The networks the report trains, as far as their cost is concerned.
public enum NetworkKind: Codable, Sendable, Hashable, CustomStringConvertible {
    case mlp(hidden: [Int])
    case smallVGG
    case catDogVGG
    case resNet(batchNorm: Bool, width: Double)

    public var description: String {
        switch self {
        case .mlp(let hidden): "MLP 784-\(hidden.map(String.init).joined(separator: "-"))-10"
        case .smallVGG: "SmallVGGNet"
        case .catDogVGG: "cats-vs-dogs VGG"
        case .resNet(let batchNorm, let width): "ResNet-18 ×\(width)\(batchNorm ? "" : " without BatchNorm")"
        }
    }

    func makeModel(rng: inout SeededGenerator) -> (model: Sequential<Float>, classes: Int) {
        switch self {
        case .mlp(let hidden): (MLP.make(hidden: hidden, initializer: .glorot, rng: &rng), 10)
        case .smallVGG: (SmallVGGNet.make(rng: &rng), SmallVGGNet.classes)
        case .catDogVGG: (CatDogVGG.make(rng: &rng), CatDogVGG.classes)
        case .resNet(let batchNorm, let width): (CatDogResNet.make(width: width, batchNorm: batchNorm, rng: &rng), 2)
        }
    }

    /// A rough peak of resident memory for a run at `batchSize`, before any was
    /// measured: the data sets held in memory plus the network's activations.
    func estimatedPeakBytes(batchSize: Int) -> Int {
        let gib = 1 << 30
        switch self {
        case .mlp, .smallVGG: return gib
        case .catDogVGG: return 2 * gib
        case .resNet(_, let width): return 2 * gib + Int(Double(gib) * 4 * width * Double(batchSize) / 128)
        }
    }
}

/// Seconds per sample of each network on this machine, measured on a few
/// batches of random data: what turns a run's size into a time estimate,
/// and a saved wall time from another machine into this one's.
public final class NetworkCalibration: @unchecked Sendable {
    public struct Measurement: Codable, Sendable, Equatable {
        /// Seconds per training sample (forward, backward, update).
        public var trainSecondsPerSample: Double
        /// Seconds per sample scored (forward only).
        public var evaluateSecondsPerSample: Double
    }

    private var measured: [String: Measurement] = [:]
    private let lock = NSLock()

    public init() {}

    /// Measures (once per network) and returns the cost per sample. Batches
    /// larger than 128 are measured at 128: the time per sample hardly moves
    /// past that, and a plan should not spend seconds on twice the batch.
    public func measurement(_ network: NetworkKind, batchSize: Int) -> Measurement {
        let batchSize = min(batchSize, 128)
        let key = "\(network)|\(batchSize)"
        lock.lock()
        defer { lock.unlock() }
        if let known = measured[key] { return known }
        let result = Self.measure(network, batchSize: batchSize)
        measured[key] = result
        return result
    }

    /// Sets a measurement instead of measuring it (tests).
    func record(_ measurement: Measurement, for network: NetworkKind, batchSize: Int) {
        lock.withLock { measured["\(network)|\(min(batchSize, 128))"] = measurement }
    }

    /// One warm-up batch, then two timed training steps and one timed forward pass.
    static func measure(_ network: NetworkKind, batchSize: Int) -> Measurement {
        var rng = SeededGenerator(seed: 11)
        let (model, classes) = network.makeModel(rng: &rng)
        let features = model.inputShape.reduce(1, *)
        let batch = Batch(
            inputs: Tensor<Float>.uniform(shape: [batchSize, features], low: 0, high: 1, using: &rng),
            labels: (0..<batchSize).map { _ in rng.integer(below: classes) })
        let trainer = Trainer(model: model, optimizer: SGD(learningRate: 0.001))
        _ = trainer.step(batch)
        let train = seconds { for _ in 0..<2 { _ = trainer.step(batch) } } / Double(2 * batchSize)
        let evaluate = seconds { _ = model.forward(batch.inputs, training: false) } / Double(batchSize)
        return Measurement(trainSecondsPerSample: train, evaluateSecondsPerSample: evaluate)
    }

    private static func seconds(_ body: () -> Void) -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }
}
