import Datasets
import Foundation
import Learning
import Tensor
import XCTest
@testable import ReportKit
@testable import Sections

/// Checkpoints in the safetensors layout: a round trip, the layout as another
/// reader sees it, and damaged files that must be refused, never trusted or crashed on.
final class CheckpointTests: XCTestCase {
    private func sample() -> Checkpoint<[Int]> {
        var rng = SeededGenerator(seed: 5)
        let model = Sequential<Float>(inputShape: [3], layers: [
            Dense(inputs: 3, outputs: 2, initializer: .glorot, rng: &rng), BatchNorm(channels: 2),
        ])
        let optimizer = SGD<Float>(learningRate: 0.1, momentum: 0.9)
        _ = Trainer(model: model, optimizer: optimizer).step(Batch(
            inputs: Tensor(shape: [2, 3], scalars: [0.1, 0.2, 0.3, -0.4, 0.5, 0.6]), labels: [0, 1]))
        return Checkpoint(runKey: "key", epochsDone: 3, rng: rng, progress: [7, 8],
                          tensors: Checkpoint<[Int]>.state(of: model, optimizer: optimizer))
    }

    private func encoded(_ checkpoint: Checkpoint<[Int]>) throws -> Data {
        let path = NSTemporaryDirectory() + "ckpt-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try checkpoint.write(to: path)
        return try XCTUnwrap(FileManager.default.contents(atPath: path))
    }

    func testRoundTripKeepsEveryTensorAndTheMetadata() throws {
        let original = sample()
        let read = try Checkpoint<[Int]>.parse(try encoded(original), path: "x")
        XCTAssertEqual(read.tensors, original.tensors)
        XCTAssertEqual(read.metadata.epochsDone, 3)
        XCTAssertEqual(read.metadata.progress, [7, 8])
        XCTAssertEqual(read.tensors.map(\.name), [
            "model.0.weight", "model.1.bias", "model.2.scale", "model.3.shift",
            "model.4.running_mean", "model.5.running_variance",
            "optimizer.velocity.0.weight", "optimizer.velocity.1.bias",
            "optimizer.velocity.2.scale", "optimizer.velocity.3.shift",
        ])
    }

    /// Adam's moments and step count go through a checkpoint file and come
    /// back into a fresh optimiser: the next step is the one an uninterrupted
    /// run takes. (SGD's layout above is the one its older checkpoints have.)
    func testAdamsStateSurvivesACheckpointFile() throws {
        func network() -> Sequential<Float> {
            var rng = SeededGenerator(seed: 9)
            return Sequential<Float>(inputShape: [3], layers: [Dense(inputs: 3, outputs: 2, initializer: .glorot, rng: &rng)])
        }
        let batch = Batch(inputs: Tensor<Float>(shape: [2, 3], scalars: [0.1, 0.2, 0.3, -0.4, 0.5, 0.6]), labels: [0, 1])
        let trained = ModelTrainer(model: network(), optimizer: Adam<Float>(learningRate: 0.01))
        for _ in 0..<3 { _ = trained.step(batch) }
        var checkpoint = Checkpoint(runKey: "key", epochsDone: 3, rng: SeededGenerator(seed: 1), progress: [Int](),
                                    tensors: Checkpoint<[Int]>.state(of: trained.model, optimizer: trained.optimizer))
        checkpoint.metadata.optimizerSteps = Checkpoint<[Int]>.steps(of: trained.optimizer)
        XCTAssertEqual(checkpoint.tensors.map(\.name), ["model.0.weight", "model.1.bias",
                                                         "optimizer.exp_avg.0", "optimizer.exp_avg_sq.0",
                                                         "optimizer.exp_avg.1", "optimizer.exp_avg_sq.1"])
        let read = try Checkpoint<[Int]>.parse(try encoded(checkpoint), path: "x")
        let resumed = ModelTrainer(model: network(), optimizer: Adam<Float>(learningRate: 0.01))
        try read.restore(into: resumed.model, optimizer: resumed.optimizer)
        XCTAssertEqual(resumed.optimizer.state(), trained.optimizer.state())
        _ = trained.step(batch)
        _ = resumed.step(batch)
        XCTAssertEqual(resumed.model.parameters.map(\.value.scalars), trained.model.parameters.map(\.value.scalars))
        XCTAssertNil(Checkpoint<[Int]>.steps(of: SGD<Float>(learningRate: 0.1)), "SGD's checkpoints keep their shape")
    }

    /// The file as a safetensors reader parses it, without our decoder.
    func testLayoutIsSafetensors() throws {
        let data = [UInt8](try encoded(sample()))
        let length = Int(data[0..<8].enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * $1.offset) })
        XCTAssertEqual(length % 8, 0, "header padded to 8 bytes")
        let header = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(data[8..<(8 + length)])) as? [String: Any])
        let metadata = try XCTUnwrap(header["__metadata__"] as? [String: String])
        XCTAssertNotNil(metadata["a1report.run"])
        let entries = header.filter { $0.key != "__metadata__" }.compactMap { $0.value as? [String: Any] }
        XCTAssertEqual(entries.count, 10)
        let ranges = entries.map { ($0["data_offsets"] as! [Int]) }.sorted { $0[0] < $1[0] }
        XCTAssertEqual(ranges.first?[0], 0)
        for (a, b) in zip(ranges, ranges.dropFirst()) { XCTAssertEqual(a[1], b[0], "contiguous") }
        XCTAssertEqual(ranges.last?[1], data.count - 8 - length)
        let weight = try XCTUnwrap(header["model.0.weight"] as? [String: Any])
        XCTAssertEqual(weight["dtype"] as? String, "F32")
        XCTAssertEqual(weight["shape"] as? [Int], [3, 2])
    }

    /// Every byte of the length, the header and a sample of the data flipped in
    /// turn, and the file cut at many lengths: each is refused with a message.
    func testDamagedFilesAreRefusedNotTrusted() throws {
        let data = [UInt8](try encoded(sample()))
        let length = Int(data[0..<8].enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * $1.offset) })
        let positions = Array(0..<(8 + length)) + stride(from: 8 + length, to: data.count, by: 7)
        for position in positions {
            var damaged = data
            damaged[position] ^= 0x5A
            if damaged[position] == 0x20 && position >= 8 && data[position] == 0x7A { continue }
            XCTAssertThrowsError(try Checkpoint<[Int]>.parse(Data(damaged), path: "x"), "byte \(position) flipped")
        }
        for cut in stride(from: 0, to: data.count, by: 13) {
            XCTAssertThrowsError(try Checkpoint<[Int]>.parse(Data(data[0..<cut]), path: "x"), "cut at \(cut)")
        }
    }

    /// A header that is well-formed JSON but lies about sizes (a shape whose
    /// product overflows, negative offsets): refused before anything is read.
    func testLyingHeadersAreRefused() throws {
        let valid = try SafeTensors.encode([NamedTensor(name: "t", shape: [1], scalars: [1])], metadata: [:])
        XCTAssertEqual(try SafeTensors.decode(valid, path: "x").tensors.first?.scalars, [1])
        func file(_ entry: String) -> Data {
            let body: [UInt8] = [0, 0, 128, 63]
            var header = Array("{\"__metadata__\":{\"a1report.sha256\":\"0\"},\"t\":\(entry)}".utf8)
            while header.count % 8 != 0 { header.append(0x20) }
            var length = UInt64(header.count).littleEndian
            var data = Data(bytes: &length, count: 8)
            data.append(contentsOf: header + body)
            return data
        }
        for entry in [
            #"{"dtype":"F32","shape":[4611686018427387904,4],"data_offsets":[0,4]}"#,
            #"{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}"#,
            #"{"dtype":"F32","shape":[1],"data_offsets":[-4,0]}"#,
            #"{"dtype":"F32","shape":[1],"data_offsets":[0,400]}"#,
            #"{"dtype":"F64","shape":[1],"data_offsets":[0,4]}"#,
            #"{"dtype":"F32","shape":[1]}"#,
        ] {
            XCTAssertThrowsError(try SafeTensors.decode(file(entry), path: "x"), entry)
        }
    }

    /// A damaged checkpoint is a warning and a fresh start, not a failed build.
    func testReadWarnsAndReturnsNothingForADamagedFile() throws {
        let path = NSTemporaryDirectory() + "ckpt-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: path) }
        var data = [UInt8](try encoded(sample()))
        data[15] ^= 0xFF
        try Data(data).write(to: URL(fileURLWithPath: path))
        var warnings: [String] = []
        XCTAssertNil(Checkpoint<[Int]>.read(path) { warnings.append($0) })
        XCTAssertEqual(warnings.count, 1)
        XCTAssertTrue(warnings[0].contains(path), warnings[0])
    }
}
