import XCTest

@testable import Datasets

final class GzipTests: XCTestCase {
    let sample = (0..<100_000).map { UInt8(truncatingIfNeeded: $0 * $0 >> 7) }

    func testRoundTrip() throws {
        let packed = Gzip.compress(sample)
        XCTAssertEqual(Array(packed.prefix(2)), [0x1f, 0x8b])
        XCTAssertLessThan(packed.count, sample.count)
        XCTAssertEqual(try Gzip.decompress(packed, file: "x.gz"), sample)
    }

    func testEmptyPayload() throws {
        XCTAssertEqual(try Gzip.decompress(Gzip.compress([]), file: "x.gz"), [])
    }

    /// `cat a.gz b.gz` is a valid gzip file of both contents. The last member
    /// is tiny, so the size hint from its trailer is far too small and the
    /// output has to grow.
    func testMultipleMembersAndOutputGrowth() throws {
        let tail = Array("tail".utf8)
        let packed = Gzip.compress(sample) + Gzip.compress(tail)
        XCTAssertEqual(try Gzip.decompress(packed, file: "x.gz"), sample + tail)
    }

    func testIncompressibleDataLargerThanTheFallbackHint() throws {
        var state: UInt32 = 2_463_534_242  // xorshift32: cheap, incompressible-looking bytes
        let noise = (0..<200_000).map { _ -> UInt8 in
            state ^= state << 13
            state ^= state >> 17
            state ^= state << 5
            return UInt8(truncatingIfNeeded: state >> 24)
        }
        // A corrupted ISIZE trailer makes the hint useless; the data must still come out whole.
        var packed = Gzip.compress(noise)
        packed.replaceSubrange((packed.count - 4)..., with: [1, 0, 0, 0])
        XCTAssertThrowsError(try Gzip.decompress(packed, file: "x.gz")) { error in
            // zlib checks ISIZE against the real length.
            XCTAssertEqual((error as? DatasetError)?.file, "x.gz")
            XCTAssertTrue("\(error)".contains("incorrect length check"), "\(error)")
        }
        XCTAssertEqual(try Gzip.decompress(Gzip.compress(noise) + Gzip.compress([1]), file: "x.gz"), noise + [1])
    }

    func testTrailingZeroPaddingIsIgnored() throws {
        XCTAssertEqual(try Gzip.decompress(Gzip.compress(sample) + [0, 0, 0, 0], file: "x.gz"), sample)
    }

    func testTrailingGarbageThrows() {
        assertProblem(Gzip.compress(sample) + Array("junk".utf8), contains: "unexpected data after the end of the gzip stream")
    }

    func testTruncatedStreamThrowsWithTheLength() {
        let packed = Gzip.compress(sample)
        for cut in [10, packed.count / 2, packed.count - 1] {
            assertProblem(Array(packed.prefix(cut)), is: "truncated gzip stream (expected more data after byte \(cut))")
        }
    }

    func testNonGzipDataThrows() {
        assertProblem(Array("hello, world".utf8), is: "not a gzip file (starts with bytes 68 65, expected 1f 8b)")
        assertProblem([0x1f], contains: "not a gzip file")
    }

    func testCorruptDataThrows() {
        var packed = Gzip.compress(sample)
        for i in 20..<60 { packed[i] ^= 0x5a }
        assertProblem(packed, contains: "corrupt gzip data near byte")
    }

    func testChecksumMismatchThrows() {
        var packed = Gzip.compress(sample)
        packed[packed.count - 6] ^= 1  // inside the CRC-32 trailer
        assertProblem(packed, contains: "corrupt gzip data")
    }

    private func assertProblem(
        _ data: [UInt8], is expected: String? = nil, contains fragment: String? = nil, line: UInt = #line
    ) {
        XCTAssertThrowsError(try Gzip.decompress(data, file: "data/f.gz"), line: line) { error in
            guard let error = error as? DatasetError else { return XCTFail("not a DatasetError: \(error)", line: line) }
            XCTAssertEqual(error.file, "data/f.gz", line: line)
            if let expected { XCTAssertEqual(error.problem, expected, line: line) }
            if let fragment { XCTAssertTrue(error.problem.contains(fragment), error.description, line: line) }
        }
    }
}
