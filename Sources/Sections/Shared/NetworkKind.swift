import ReportKit

/// The networks the report trains, as far as their cost is concerned.
///
/// Run records save a run's network as the `NetworkKey` made of this enum,
/// which holds its JSON (`{"catDogVGG":{}}`, `{"resNet":{"batchNorm":true,"width":0.25}}`,
/// the encoding Swift synthesises). The cases and their labels are that
/// format: renamed, saved runs would name a network no current run has, and a
/// plan would stop scaling their wall times.
enum NetworkKind: Codable, Sendable, Hashable, CustomStringConvertible {
    case mlp(hidden: [Int])
    case smallVGG
    case catDogVGG
    case resNet(batchNorm: Bool, width: Double)

    /// How run records and the framework name this network.
    var key: NetworkKey { NetworkKey(self) }

    /// The network `key` names; nil for a key this report did not make.
    init?(_ key: NetworkKey) {
        guard let network = try? key.decode(as: NetworkKind.self) else { return nil }
        self = network
    }

    var description: String {
        switch self {
        case .mlp(let hidden): "MLP 784-\(hidden.map(String.init).joined(separator: "-"))-10"
        case .smallVGG: "SmallVGGNet"
        case .catDogVGG: "cats-vs-dogs VGG"
        case .resNet(let batchNorm, let width): "ResNet-18 ×\(width)\(batchNorm ? "" : " without BatchNorm")"
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

extension ReportNetworks {
    /// This report's networks. The framework asks about the keys of the runs
    /// it plans and executes, which the steps made of a `NetworkKind`; a key
    /// read from a saved run is only compared. So a key that names no network
    /// is a programming error where a network must be timed, and is named by
    /// its JSON (and sized like the largest network) where a plan only prints it.
    static let coursework = ReportNetworks(
        measure: { key, batchSize in
            guard let network = NetworkKind(key) else { preconditionFailure("no network of the report has the key \(key)") }
            return NetworkMeasurement.measure(network, batchSize: batchSize)
        },
        describe: { key in NetworkKind(key)?.description ?? key.description },
        estimatedPeakBytes: { key, batchSize in
            (NetworkKind(key) ?? .resNet(batchNorm: true, width: 1)).estimatedPeakBytes(batchSize: batchSize)
        })
}

extension RunCost {
    /// A run's cost, its network named as run records save it.
    init(network: NetworkKind, epochs: Int, batchSize: Int, trainSamples: Int, evaluatedSamples: Int, finalSamples: Int = 0) {
        self.init(network: network.key, epochs: epochs, batchSize: batchSize, trainSamples: trainSamples,
                  evaluatedSamples: evaluatedSamples, finalSamples: finalSamples)
    }
}
