import Foundation

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

    /// Times a network on a few batches; the report's parts know how to build each one.
    public typealias Measure = @Sendable (NetworkKey, _ batchSize: Int) -> Measurement

    private var measured: [String: Measurement] = [:]
    private let lock = NSLock()
    public let measure: Measure

    public init(measure: @escaping Measure) {
        self.measure = measure
    }

    /// Measures (once per network) and returns the cost per sample. Batches
    /// larger than 128 are measured at 128: the time per sample hardly moves
    /// past that, and a plan should not spend seconds on twice the batch.
    public func measurement(_ network: NetworkKey, batchSize: Int) -> Measurement {
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
    package func record(_ measurement: Measurement, for network: NetworkKey, batchSize: Int) {
        lock.withLock { measured["\(network)|\(min(batchSize, 128))"] = measurement }
    }
}
