import AtomicWrite
import Datasets
import Foundation
import Learning
import Tensor

/// A training run's full state after an epoch: weights, BatchNorm statistics,
/// optimiser velocities, the generator and the curve so far. Resuming from it
/// continues the exact same run, so a killed build loses at most one epoch.
///
/// The file is in the safetensors layout (a little-endian UInt64 header
/// length, a JSON header naming each tensor's dtype, shape and byte range,
/// then the raw little-endian float32 data), so Python's `safetensors` loads
/// the weights as they are. The run's metadata and a SHA-256 of the data sit
/// in the header's `__metadata__`; a file whose lengths, offsets or checksum
/// do not hold is reported and ignored, never trusted.
struct Checkpoint<Progress: Codable> {
    struct Metadata: Codable {
        var runKey: String
        var epochsDone: Int
        var rng: SeededGenerator
        var progress: Progress
        var tensorCounts: [Int]
    }

    var metadata: Metadata
    var tensors: [NamedTensor]

    /// Everything the model and optimiser hold, in a fixed order, named for
    /// what it is: `model.<i>.<name>` for the i-th parameter or buffer,
    /// `optimizer.velocity.<i>.<name>` for its velocity.
    static func state(of model: Sequential<Float>, optimizer: SGD<Float>) -> [NamedTensor] {
        let slots = model.parameters + model.buffers
        let weights = slots.enumerated().map { i, slot in
            NamedTensor(name: "model.\(i).\(slot.name)", shape: slot.value.shape, scalars: slot.value.scalars)
        }
        let velocities = zip(slots, optimizer.velocities).enumerated().map { i, pair in
            NamedTensor(name: "optimizer.velocity.\(i).\(pair.0.name)", shape: pair.1.shape, scalars: pair.1.scalars)
        }
        return weights + velocities
    }

    init(metadata: Metadata, tensors: [NamedTensor]) {
        self.metadata = metadata
        self.tensors = tensors
    }

    /// A checkpoint of `tensors` whose metadata's tensor counts are filled in.
    init(runKey: String, epochsDone: Int, rng: SeededGenerator, progress: Progress, tensors: [NamedTensor]) {
        self.init(
            metadata: Metadata(runKey: runKey, epochsDone: epochsDone, rng: rng, progress: progress,
                               tensorCounts: tensors.map(\.scalars.count)),
            tensors: tensors)
    }

    func restore(into model: Sequential<Float>, optimizer: SGD<Float>) throws {
        let slots = model.parameters + model.buffers
        guard tensors.count >= slots.count else { throw ReportError("checkpoint holds \(tensors.count) tensors, the model needs \(slots.count)") }
        for (slot, saved) in zip(slots, tensors) {
            guard slot.value.count == saved.scalars.count else {
                throw ReportError("checkpoint tensor \(saved.name) has \(saved.scalars.count) values, which do not fit \(slot.value.shape)")
            }
            slot.value.scalars = saved.scalars
        }
        let velocities = tensors.dropFirst(slots.count)
        if !velocities.isEmpty {
            optimizer.restore(velocities: zip(slots.prefix(velocities.count), velocities).map {
                Tensor(shape: $0.value.shape, scalars: $1.scalars)
            })
        }
    }

    func write(to path: String) throws {
        let metadataJSON = String(decoding: try JSONCoding.encode(metadata), as: UTF8.self)
        try AtomicFile.write(SafeTensors.encode(tensors, metadata: ["a1report.run": metadataJSON]), to: path)
    }

    /// Reads a checkpoint; nil when there is none. A damaged file is reported and ignored (the run starts over).
    static func read(_ path: String, warn: (String) -> Void) -> Checkpoint? {
        do {
            return try readIfPresent(path)
        } catch {
            warn("warning: \(ReportError.describing(error)); starting that run from the beginning")
            return nil
        }
    }

    /// Reads a checkpoint; nil when there is none, an error naming the file when it is damaged.
    static func readIfPresent(_ path: String) throws -> Checkpoint? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return try parse(data, path: path)
    }

    static func parse(_ data: Data, path: String) throws -> Checkpoint {
        let file = try SafeTensors.decode(data, path: path)
        guard let text = file.metadata["a1report.run"] else { throw ReportError("\(path): not a checkpoint of a training run") }
        let metadata = try JSONCoding.decode(Metadata.self, from: Data(text.utf8), file: path)
        guard metadata.tensorCounts == file.tensors.map(\.scalars.count) else {
            throw ReportError("\(path): the tensors do not match the checkpoint's own list of sizes")
        }
        return Checkpoint(metadata: metadata, tensors: file.tensors)
    }
}

/// One tensor of a checkpoint: its name, shape and float32 values.
struct NamedTensor: Equatable {
    var name: String
    var shape: [Int]
    var scalars: [Float]
}

/// Where runs keep their checkpoints, and what a checkpoint says without reading its tensors.
enum Checkpoints {
    static func path(reportsDirectory: String, step: String, run: String) -> String {
        "\(reportsDirectory)/.checkpoints/\(step)-\(run).ckpt"
    }

    /// The epochs a run's checkpoint holds, read from its header alone (nil when
    /// there is none or it cannot be read; the tensors are checked when resumed).
    static func epochsDone(reportsDirectory: String, step: String, run: String) -> Int? {
        guard let file = FileHandle(forReadingAtPath: path(reportsDirectory: reportsDirectory, step: step, run: run)) else { return nil }
        defer { try? file.close() }
        guard let prefix = try? file.read(upToCount: 8), prefix.count == 8 else { return nil }
        let length = prefix.enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * $1.offset) }
        guard length <= UInt64(SafeTensors.maximumHeaderBytes), let header = try? file.read(upToCount: Int(length)),
              let object = try? JSONSerialization.jsonObject(with: header) as? [String: Any],
              let metadata = object["__metadata__"] as? [String: String], let run = metadata["a1report.run"],
              let fields = try? JSONSerialization.jsonObject(with: Data(run.utf8)) as? [String: Any]
        else { return nil }
        return fields["epochsDone"] as? Int
    }
}
