import XCTest

@testable import Datasets

/// An IDX file: magic, big-endian dimensions, data.
func idxFile(magic: [UInt8], dims: [Int], data: [UInt8]) -> [UInt8] {
    magic + dims.flatMap { withUnsafeBytes(of: UInt32($0).bigEndian) { Array($0) } } + data
}

let imagesMagicBytes: [UInt8] = [0, 0, 8, 3]
let labelsMagicBytes: [UInt8] = [0, 0, 8, 1]

final class IDXTests: XCTestCase {
    let pixels: [UInt8] = [0, 51, 102, 255, 255, 0, 0, 17]

    func testPlainAndGzippedFilesParseTheSame() throws {
        let raw = idxFile(magic: imagesMagicBytes, dims: [2, 2, 2], data: pixels)
        for contents in [raw, Gzip.compress(raw)] {
            let array = try IDX.parse(contents, file: "i.gz", expectedMagic: IDX.imagesMagic)
            XCTAssertEqual(array.shape, [2, 2, 2])
            XCTAssertEqual(array.bytes, pixels)
        }
    }

    func testCombineScalesPixelsAndChecksLabels() throws {
        let images = IDX.ByteArray(shape: [2, 2, 2], bytes: pixels)
        let labels = IDX.ByteArray(shape: [2], bytes: [9, 0])
        let set = try IDX.combine(images: images, labels: labels, labelsFile: "l", classCount: 10)
        XCTAssertEqual(set.images.shape, [2, 4])
        XCTAssertEqual(set.images.scalars, [0, 0.2, 0.4, 1, 1, 0, 0, Float(17) / 255])
        XCTAssertEqual(set.labels, [9, 0])
        XCTAssertEqual(set.imageShape, [1, 2, 2])
        XCTAssertEqual(set.classCount, 10)
    }

    func testWrongMagic() {
        let labels = idxFile(magic: labelsMagicBytes, dims: [2], data: [1, 2])
        assertProblem(
            try IDX.parse(labels, file: "x/images.gz", expectedMagic: IDX.imagesMagic),
            DatasetError(file: "x/images.gz", problem: "wrong IDX magic number 0x00000801 (expected 0x00000803, a rank-3 unsigned-byte file)"))
        assertProblem(
            try IDX.parse(Array("<html>".utf8), file: "x/images.gz", expectedMagic: IDX.imagesMagic),
            DatasetError(file: "x/images.gz", problem: "wrong IDX magic number 0x3c68746d (expected 0x00000803, a rank-3 unsigned-byte file)"))
    }

    func testWrongDataType() {
        let floats = idxFile(magic: [0, 0, 0x0d, 1], dims: [1], data: [0, 0, 0, 0])
        assertProblem(
            try IDX.parse(floats, file: "l", expectedMagic: IDX.labelsMagic),
            DatasetError(file: "l", problem: "unsupported IDX data type code 0x0d (only 0x08, unsigned bytes)"))
    }

    func testDimensionsNotMatchingData() {
        let short = idxFile(magic: imagesMagicBytes, dims: [2, 2, 2], data: Array(pixels.dropLast()))
        assertProblem(
            try IDX.parse(short, file: "i", expectedMagic: IDX.imagesMagic),
            DatasetError(file: "i", problem: "IDX header says 2×2×2 = 8 bytes of data, but the file has 7"))
        assertProblem(
            try IDX.parse([0, 0, 8, 3, 0, 0], file: "i", expectedMagic: IDX.imagesMagic),
            DatasetError(file: "i", problem: "IDX header cut short (6 bytes)"))
    }

    func testLabelCountMismatch() {
        let images = IDX.ByteArray(shape: [2, 2, 2], bytes: pixels)
        let labels = IDX.ByteArray(shape: [3], bytes: [1, 2, 3])
        assertProblem(
            try IDX.combine(images: images, labels: labels, labelsFile: "d/labels.gz", classCount: 10),
            DatasetError(file: "d/labels.gz", problem: "has 3 labels but the image file has 2 images"))
    }

    func testLabelOutOfRange() {
        let images = IDX.ByteArray(shape: [2, 2, 2], bytes: pixels)
        let labels = IDX.ByteArray(shape: [2], bytes: [1, 10])
        assertProblem(
            try IDX.combine(images: images, labels: labels, labelsFile: "d/labels.gz", classCount: 10),
            DatasetError(file: "d/labels.gz", problem: "label 10 at index 1 is outside 0..<10"))
    }
}

/// Asserts that `body` throws exactly `expected`.
func assertProblem<T>(
    _ body: @autoclosure () throws -> T, _ expected: DatasetError, file: StaticString = #filePath, line: UInt = #line
) {
    XCTAssertThrowsError(try body(), file: file, line: line) { error in
        XCTAssertEqual(error as? DatasetError, expected, file: file, line: line)
    }
}
