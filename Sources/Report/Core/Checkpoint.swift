import Foundation
import Learning
import Tensor

/// A training run's full state after an epoch: weights, BatchNorm statistics,
/// optimiser velocities, the generator and the curve so far. Resuming from it
/// continues the exact same run, so a killed build loses at most one epoch.
///
/// File layout: "A1CK", a UInt32 version, a UInt64 JSON length, the JSON
/// metadata, then every tensor as little-endian Float32 in a fixed order.
struct Checkpoint<Progress: Codable> {
    struct Metadata: Codable {
        var runKey: String
        var epochsDone: Int
        var rng: SeededGenerator
        var progress: Progress
        var tensorCounts: [Int]
    }

    var metadata: Metadata
    var tensors: [[Float]]

    static var magic: [UInt8] { Array("A1CK".utf8) }
    static var version: UInt32 { 1 }

    /// Everything the model and optimiser hold, in a fixed order.
    static func state(of model: Sequential<Float>, optimizer: SGD<Float>) -> [[Float]] {
        (model.parameters + model.buffers).map(\.value.scalars) + optimizer.velocities.map(\.scalars)
    }

    func restore(into model: Sequential<Float>, optimizer: SGD<Float>) throws {
        let slots = model.parameters + model.buffers
        guard tensors.count >= slots.count else { throw ReportError("checkpoint holds \(tensors.count) tensors, the model needs \(slots.count)") }
        for (slot, values) in zip(slots, tensors) {
            guard slot.value.count == values.count else { throw ReportError("checkpoint tensor size \(values.count) does not fit \(slot.value.shape)") }
            slot.value.scalars = values
        }
        let velocities = tensors.dropFirst(slots.count)
        if !velocities.isEmpty {
            optimizer.restore(velocities: zip(slots.prefix(velocities.count), velocities).map { Tensor(shape: $0.value.shape, scalars: $1) })
        }
    }

    func write(to path: String) throws {
        var data = Data(Self.magic)
        var version = Self.version.littleEndian
        data.append(Data(bytes: &version, count: 4))
        let json = try JSONCoding.encode(metadata)
        var length = UInt64(json.count).littleEndian
        data.append(Data(bytes: &length, count: 8))
        data.append(json)
        for tensor in tensors {
            tensor.withUnsafeBufferPointer { data.append(Data(buffer: $0)) }
        }
        try AtomicFile.write(data, to: path)
    }

    /// Reads a checkpoint; nil when there is none. A damaged file is reported and ignored (the run starts over).
    static func read(_ path: String, warn: (String) -> Void) -> Checkpoint? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        do {
            return try parse([UInt8](data), path: path)
        } catch {
            warn("warning: \(error); starting that run from the beginning")
            return nil
        }
    }

    private static func parse(_ bytes: [UInt8], path: String) throws -> Checkpoint {
        guard bytes.count >= 16, Array(bytes[0..<4]) == magic else { throw ReportError("\(path): not a checkpoint file") }
        let version = bytes[4..<8].enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (8 * $1.offset) }
        guard version == Self.version else { throw ReportError("\(path): checkpoint version \(version), expected \(Self.version)") }
        let length = Int(bytes[8..<16].enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * $1.offset) })
        guard 16 + length <= bytes.count else { throw ReportError("\(path): truncated checkpoint") }
        let metadata = try JSONCoding.decode(Metadata.self, from: Data(bytes[16..<(16 + length)]), file: path)
        var offset = 16 + length
        var tensors: [[Float]] = []
        for count in metadata.tensorCounts {
            guard offset + 4 * count <= bytes.count else { throw ReportError("\(path): truncated checkpoint") }
            // Copied, not rebound: the slice need not be aligned for Float.
            tensors.append([Float](unsafeUninitializedCapacity: count) { buffer, initialized in
                bytes.withUnsafeBytes { raw in
                    UnsafeMutableRawBufferPointer(buffer).copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[offset..<(offset + 4 * count)]))
                }
                initialized = count
            })
            offset += 4 * count
        }
        guard offset == bytes.count else { throw ReportError("\(path): checkpoint has \(bytes.count - offset) unexpected trailing bytes") }
        return Checkpoint(metadata: metadata, tensors: tensors)
    }
}
