import Foundation

/// The networks the report trains, as far as their cost is concerned. (The one
/// place the framework names the report's networks: run records and plans
/// save and compare this value; the parts build and time the networks.)
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

    /// A rough peak of resident memory for a run at `batchSize`, before any was
    /// measured: the data sets held in memory plus the network's activations.
    package func estimatedPeakBytes(batchSize: Int) -> Int {
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

        public init(trainSecondsPerSample: Double, evaluateSecondsPerSample: Double) {
            self.trainSecondsPerSample = trainSecondsPerSample
            self.evaluateSecondsPerSample = evaluateSecondsPerSample
        }
    }

    /// Times a network on a few batches; the report's parts know how to build each kind.
    public typealias Measure = @Sendable (NetworkKind, _ batchSize: Int) -> Measurement

    private var measured: [String: Measurement] = [:]
    private let lock = NSLock()
    public let measure: Measure

    public init(measure: @escaping Measure) {
        self.measure = measure
    }

    /// Measures (once per network) and returns the cost per sample. Batches
    /// larger than 128 are measured at 128: the time per sample hardly moves
    /// past that, and a plan should not spend seconds on twice the batch.
    public func measurement(_ network: NetworkKind, batchSize: Int) -> Measurement {
        let batchSize = min(batchSize, 128)
        let key = "\(network)|\(batchSize)"
        lock.lock()
        defer { lock.unlock() }
        if let known = measured[key] { return known }
        let result = measure(network, batchSize)
        measured[key] = result
        return result
    }

    /// Sets a measurement instead of measuring it (tests).
    package func record(_ measurement: Measurement, for network: NetworkKind, batchSize: Int) {
        lock.withLock { measured["\(network)|\(min(batchSize, 128))"] = measurement }
    }
}
