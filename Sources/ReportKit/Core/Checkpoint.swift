import AtomicWrite
import Checksums
import Foundation
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
package struct Checkpoint<Progress: Codable> {
    package struct Metadata: Codable {
        package var runKey: String
        package var epochsDone: Int
        package var rng: SeededGenerator
        package var progress: Progress
        package var tensorCounts: [Int]
        /// Steps an optimiser with a step count (Adam) has taken; absent for
        /// SGD, whose checkpoints keep the shape they always had.
        package var optimizerSteps: Int?
        /// The framework's resume key of the run (see `StepContext.resumeKey`),
        /// which a plan can check without decoding the run's data; absent in
        /// checkpoints written before it existed.
        package var resumeKey: String?
    }

    package var metadata: Metadata
    package var tensors: [NamedTensor]

    package init(metadata: Metadata, tensors: [NamedTensor]) {
        self.metadata = metadata
        self.tensors = tensors
    }

    /// A checkpoint of `tensors` whose metadata's tensor counts are filled in.
    package init(runKey: String, epochsDone: Int, rng: SeededGenerator, progress: Progress, tensors: [NamedTensor]) {
        self.init(
            metadata: Metadata(runKey: runKey, epochsDone: epochsDone, rng: rng, progress: progress,
                               tensorCounts: tensors.map(\.scalars.count)),
            tensors: tensors)
    }

    package func write(to path: String) throws {
        let metadataJSON = String(decoding: try JSONCoding.encode(metadata), as: UTF8.self)
        try AtomicFile.write(SafeTensors.encode(tensors, metadata: ["a1report.run": metadataJSON]), to: path)
    }

    /// Reads a checkpoint; nil when there is none. A damaged file is reported and ignored (the run starts over).
    package static func read(_ path: String, warn: (String) -> Void) -> Checkpoint? {
        do {
            return try readIfPresent(path)
        } catch {
            warn("warning: \(ReportError.describing(error)); starting that run from the beginning")
            return nil
        }
    }

    /// Reads a checkpoint; nil when there is none, an error naming the file when it is damaged.
    package static func readIfPresent(_ path: String) throws -> Checkpoint? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return try parse(data, path: path)
    }

    package static func parse(_ data: Data, path: String) throws -> Checkpoint {
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
package struct NamedTensor: Equatable {
    package var name: String
    package var shape: [Int]
    package var scalars: [Float]

    package init(name: String, shape: [Int], scalars: [Float]) {
        self.name = name
        self.shape = shape
        self.scalars = scalars
    }
}

/// Where runs keep their checkpoints, and what a checkpoint says without reading its tensors.
package enum Checkpoints {
    package static func path(reportsDirectory: String, step: String, run: String) -> String {
        "\(reportsDirectory)/.checkpoints/\(step)-\(run).ckpt"
    }

    /// The epochs a run's checkpoint holds, read from its header alone (nil when
    /// there is none or it cannot be read; the tensors are checked when resumed).
    /// Nil also when the checkpoint carries a resume key other than `resumeKey`:
    /// it was saved under another setting, so the run will start over.
    package static func epochsDone(reportsDirectory: String, step: String, run: String, resumeKey: String? = nil) -> Int? {
        guard let file = FileHandle(forReadingAtPath: path(reportsDirectory: reportsDirectory, step: step, run: run)) else { return nil }
        defer { try? file.close() }
        guard let prefix = try? file.read(upToCount: 8), prefix.count == 8 else { return nil }
        let length = prefix.enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * $1.offset) }
        guard length <= UInt64(SafeTensors.maximumHeaderBytes), let header = try? file.read(upToCount: Int(length)),
              let object = try? JSONSerialization.jsonObject(with: header) as? [String: Any],
              let metadata = object["__metadata__"] as? [String: String], let run = metadata["a1report.run"],
              let fields = try? JSONSerialization.jsonObject(with: Data(run.utf8)) as? [String: Any]
        else { return nil }
        if let expected = resumeKey, let saved = fields["resumeKey"] as? String, saved != expected { return nil }
        return fields["epochsDone"] as? Int
    }
}
