import Checksums
import Datasets
import Foundation
import XCTest
@testable import ReportKit
@testable import Sections

/// Checkpoints on disk carry a SHA-256 of their header and data, checked on
/// every read: whatever computes it, a given file's checksum must stay the
/// one it was written with, or every saved checkpoint would read as damaged.
final class ChecksumStabilityTests: XCTestCase {
    let tensors = [NamedTensor(name: "model.0.weight", shape: [2, 2], scalars: [1, -2, 0.25, 3e-7]),
                   NamedTensor(name: "model.1.bias", shape: [2], scalars: [0.5, -0.5])]

    /// The values the hand-written SHA-256 gave, which `sha256sum` agrees with.
    func testAFixedCheckpointHasTheChecksumItAlwaysHad() throws {
        let data = try SafeTensors.encode(tensors, metadata: ["epochs_done": "3", "run_key": "k"])
        let length = data.prefix(8).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        let header = try XCTUnwrap(JSONSerialization.jsonObject(with: data.subdata(in: 8..<(8 + length))) as? [String: Any])
        let metadata = try XCTUnwrap(header["__metadata__"] as? [String: String])
        XCTAssertEqual(metadata[SafeTensors.checksumKey], "1534e8bdd34ab76d44253a16fa12fac66014eef0fa25468faee4fa87d271b3c6")
        XCTAssertEqual(SHA256.hex(data), "db5f2b03c032ff8842979eb35d629acb5a9186721204c1954c0445cf1467aecb")
        XCTAssertEqual(try SafeTensors.decode(data, path: "fixed").tensors.map(\.name), tensors.map(\.name))
    }

    /// Hashing in pieces of every size gives the one-shot digest.
    func testIncrementalHashingMatchesOneShot() {
        let bytes = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        for piece in [1, 3, 63, 64, 65, 999] {
            var hasher = SHA256Hasher()
            var offset = 0
            while offset < bytes.count {
                hasher.update(Array(bytes[offset..<min(bytes.count, offset + piece)]))
                offset += piece
            }
            XCTAssertEqual(hasher.hex(), SHA256.hex(bytes), "pieces of \(piece)")
        }
    }
}
