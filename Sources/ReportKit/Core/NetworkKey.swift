import Foundation

/// A network of the report as the framework knows it: by a key, and nothing
/// more. The parts name their networks with a type of their own and make a
/// key of it; the framework saves keys in run records, compares them (a saved
/// run's wall time scales an estimate only for the same network) and hands
/// them back to the parts (`ReportNetworks`) to time, name and size a network.
///
/// A key holds the JSON of the value it was made from, as a canonical value:
/// a key read from a saved run encodes to the JSON it was read from, and
/// equals the key made now of the same network, so run records keep their
/// format whatever type the parts name networks with.
public struct NetworkKey: Codable, Hashable, Sendable, CustomStringConvertible {
    private let json: JSONValue

    /// The key of `network`, from its JSON encoding. A network that does not
    /// encode is a programming error: run records could not save it either.
    public init<Network: Encodable>(_ network: Network) {
        do {
            json = try JSONCoding.decoder().decode(JSONValue.self, from: JSONCoding.encode(network))
        } catch {
            preconditionFailure("a network key cannot be made of \(network): \(error)")
        }
    }

    /// The value the key was made from, decoded as the parts' type.
    public func decode<Network: Decodable>(as type: Network.Type) throws -> Network {
        try JSONCoding.decoder().decode(type, from: JSONCoding.encode(json))
    }

    public init(from decoder: Decoder) throws { json = try JSONValue(from: decoder) }

    public func encode(to encoder: Encoder) throws { try json.encode(to: encoder) }

    /// The JSON on one line, keys sorted: `{"resNet":{"batchNorm":true,"width":0.25}}`.
    public var description: String {
        let encoder = JSONCoding.encoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(json)).map { String(decoding: $0, as: UTF8.self) } ?? "\(json)"
    }
}

/// The report's networks as the framework uses them. It never builds one, so
/// the parts say, for a key they made, how to time the network on this
/// machine, how a plan names it, and how much memory a run of it needs.
public struct ReportNetworks: Sendable {
    /// Times a network on a few batches (for plans and run records).
    public var measure: NetworkCalibration.Measure
    /// How a plan names a network: "cats-vs-dogs VGG".
    public var describe: @Sendable (NetworkKey) -> String
    /// A rough peak of resident memory for a run at a batch size, before one
    /// was measured (what a Slurm task asks for).
    public var estimatedPeakBytes: @Sendable (NetworkKey, _ batchSize: Int) -> Int

    public init(measure: @escaping NetworkCalibration.Measure, describe: @escaping @Sendable (NetworkKey) -> String,
                estimatedPeakBytes: @escaping @Sendable (NetworkKey, _ batchSize: Int) -> Int) {
        self.measure = measure
        self.describe = describe
        self.estimatedPeakBytes = estimatedPeakBytes
    }
}

/// Any JSON value, decoded into a form that encodes back to the same JSON.
/// Whole numbers stay integers ("666", not "666.0"), and strings are tried
/// before floating point, so that "NaN" (how JSONCoding writes a non-finite
/// number) stays a string, equal to itself.
enum JSONValue: Codable, Hashable, Sendable {
    case null
    case bool(Bool)
    case integer(Int)
    case string(String)
    case number(Double)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int.self) {
            self = .integer(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .integer(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}
