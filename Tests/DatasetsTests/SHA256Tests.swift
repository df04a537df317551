import Checksums
import Foundation
import XCTest

@testable import Datasets

final class SHA256Tests: XCTestCase {
    // FIPS 180-2, appendix B.
    func testShortMessage() {
        XCTAssertEqual(SHA256.hex(Array("abc".utf8)), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    func testTwoBlockMessage() {
        XCTAssertEqual(
            SHA256.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    func testMillionA() {
        XCTAssertEqual(
            SHA256.hex([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    func testEmptyMessage() {
        XCTAssertEqual(SHA256.hex([UInt8]()), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(SHA256.hex(Data()), SHA256.hex([UInt8]()))
    }

    /// Lengths around the padding boundary (55, 56, 64 bytes) are where
    /// hand-written SHA-256s usually break. Digests generated once with
    /// `python3 -c "import hashlib; print(hashlib.sha256(bytes((i*31+7)&255 for i in range(n))).hexdigest())"`.
    func testPaddingBoundaries() {
        let expected = [
            55: "8aa994584139d128848eeebc4e815639ba5ab6e6e39574195a63ac4f14f7c43b",
            56: "ad574708f75c044c9b85de64cb568ee7711ff4f36448c6242f053ba8f6cc2b63",
            57: "5b46e502092be01b1100193e089fdda95638c12e19a1d24f308eb2c3d3ae849d",
            63: "280ed3e8ff1df845b2e7dfe6ac6cee817bef20e783cc65abc41b818b4d2fe076",
            64: "c6ab9724ade5b6a7a1edfffb12f3aa9181351355af8fd08c919952ad211339dd",
            65: "788367c73c7ddf4c53f65e68cc0d943e6227ab55b0e78ba63ace822b1c6301c0",
            119: "3d610547d68216dedf7435a4fb6260353911f6b3fd3f18805ddb8be285d726fe",
            120: "1f80156a804cb7862ad113e8200e9d74499723e7c7854d5f48776d3148e09656",
            128: "cc548ca2dec1f6fe4f58b2e27aa9c7521607df1130d140b55a4dad0665302356",
        ]
        for (n, digest) in expected.sorted(by: { $0.key < $1.key }) {
            let message = (0..<n).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
            XCTAssertEqual(SHA256.hex(message), digest, "length \(n), one shot")
            var hasher = SHA256Hasher()
            for byte in message { hasher.update([byte]) }
            XCTAssertEqual(hasher.hex(), digest, "length \(n), byte by byte")
        }
    }

    func testStreamingInUnevenPiecesMatchesOneShot() {
        let message = (0..<10_000).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 >> 8) }
        var hasher = SHA256Hasher()
        var start = 0
        for size in [0, 1, 63, 64, 65, 127, 1000, 3] where start < message.count {
            let end = min(start + size, message.count)
            hasher.update(Array(message[start..<end]))
            start = end
        }
        hasher.update(Array(message[start...]))
        XCTAssertEqual(hasher.hex(), SHA256.hex(message))
    }

    func testFinalizeLeavesTheHasherUsable() {
        var hasher = SHA256Hasher()
        hasher.update(Array("ab".utf8))
        _ = hasher.finalize()
        hasher.update(Array("c".utf8))
        XCTAssertEqual(hasher.hex(), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    /// A hasher is a value: feeding a copy leaves the original where it was.
    func testCopiesGoOnIndependently() {
        var original = SHA256Hasher()
        original.update(Array("ab".utf8))
        var copy = original
        copy.update(Array("c".utf8))
        XCTAssertEqual(copy.hex(), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(original.hex(), SHA256.hex("ab"))
        original.update(Array("x".utf8))
        XCTAssertEqual(copy.hex(), SHA256.hex("abc"))
        XCTAssertEqual(original.hex(), SHA256.hex("abx"))
    }
}
