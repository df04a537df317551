import Checksums
import XCTest

@testable import Datasets

/// The loaders end to end on tiny files written to a scratch directory.
final class LoaderTests: XCTestCase {
    var scratch: ScratchDirectory!

    override func setUpWithError() throws { scratch = try ScratchDirectory() }
    override func tearDown() { scratch.cleanUp() }

    // MARK: MNIST pickle

    func testTinyPickleLoadsExactly() throws {
        let contents = Gzip.compress(TinyDigits.pickle)
        let path = try scratch.write("mnist.pkl.gz", contents)
        let splits = try MNIST.loadPickle(path)
        let expected = [TinyDigits.train, TinyDigits.valid, TinyDigits.test]
        for (set, want) in zip([splits.train, splits.valid, splits.test], expected) {
            XCTAssertEqual(set.images.shape, [want.labels.count, 4])
            XCTAssertEqual(set.images.scalars, want.images)
            XCTAssertEqual(set.labels, want.labels.map(Int.init))
            XCTAssertEqual(set.imageShape, [1, 2, 2])
            XCTAssertEqual(set.classCount, 10)
        }
        XCTAssertEqual(splits.fingerprint, SHA256.hex(contents))
        XCTAssertEqual(splits.source, "mnist.pkl.gz")
        XCTAssertEqual(try DigitSplits.loadDigits(.mnist, dataDirectory: scratch.path), splits)
    }

    func testMissingFileSaysWhatToRun() {
        let path = scratch.path + "/mnist.pkl.gz"
        XCTAssertThrowsError(try DigitSplits.loadDigits(.mnist, dataDirectory: scratch.path)) { error in
            let error = error as? DatasetError
            XCTAssertEqual(error, DatasetError(file: path, problem: "file not found (run `make data` to download it)"))
            XCTAssertEqual(error?.description, "\(path): file not found (run `make data` to download it)")
        }
    }

    func testZeroByteFile() throws {
        let path = try scratch.write("mnist.pkl.gz", [])
        assertProblem(
            try MNIST.loadPickle(path),
            DatasetError(file: path, problem: "empty file (0 bytes); delete it and run `make data` to download it"))
    }

    func testTruncatedGzip() throws {
        let contents = Gzip.compress(TinyDigits.pickle)
        let path = try scratch.write("mnist.pkl.gz", Array(contents.prefix(contents.count / 2)))
        assertProblem(
            try MNIST.loadPickle(path),
            DatasetError(file: path, problem: "truncated gzip stream (expected more data after byte \(contents.count / 2))"))
    }

    func testNonGzipGarbage() throws {
        let path = try scratch.write("mnist.pkl.gz", Array("<!DOCTYPE html>".utf8))
        assertProblem(
            try MNIST.loadPickle(path),
            DatasetError(file: path, problem: "not a gzip file (starts with bytes 3c 21, expected 1f 8b)"))
    }

    func testUnknownOpcodeInsideTheGzip() throws {
        var pickle = TinyDigits.pickle
        pickle[2] = UInt8(ascii: "d")  // DICT instead of GLOBAL
        let path = try scratch.write("mnist.pkl.gz", Gzip.compress(pickle))
        assertProblem(try MNIST.loadPickle(path), DatasetError(file: path, problem: "unsupported pickle opcode 0x64 ('d') at byte 2"))
    }

    func testWrongArraySizeInsideTheGzip() throws {
        var w = NumpyPickleWriter()
        w.array(shape: [2, 4], dtype: "f4", data: [UInt8](repeating: 0, count: 28))
        w.stop()
        let path = try scratch.write("mnist.pkl.gz", Gzip.compress(w.bytes))
        XCTAssertThrowsError(try MNIST.loadPickle(path)) { error in
            XCTAssertEqual((error as? DatasetError)?.file, path)
            XCTAssertTrue("\(error)".contains("needs 32 bytes but has 28"), "\(error)")
        }
    }

    func testWrongTopLevelStructure() throws {
        var w = NumpyPickleWriter()
        w.split(images: [0, 0, 0, 0], width: 4, labels: [1])
        w.stop()
        let path = try scratch.write("mnist.pkl.gz", Gzip.compress(w.bytes))
        assertProblem(
            try MNIST.loadPickle(path),
            DatasetError(file: path, problem: "expected a (train, valid, test) tuple, found a 2-tuple"))
    }

    func testValuesOutOfRange() throws {
        for (images, labels, problem) in [
            ([Float](repeating: 0, count: 4), [Int64(10)], "valid split: label 10 at index 0 is outside 0..<10"),
            ([0, 1.5, 0, 0], [1], "valid split: pixel value 1.5 at flat index 1 is outside [0, 1]"),
            ([0, .nan, 0, 0], [1], "valid split: pixel value nan at flat index 1 is outside [0, 1]"),
        ] {
            var w = NumpyPickleWriter()
            w.split(images: TinyDigits.train.images, width: 4, labels: TinyDigits.train.labels)
            w.split(images: images, width: 4, labels: labels)
            w.split(images: TinyDigits.test.images, width: 4, labels: TinyDigits.test.labels)
            w.tuple(3)
            w.stop()
            let path = try scratch.write("mnist.pkl.gz", Gzip.compress(w.bytes))
            assertProblem(try MNIST.loadPickle(path), DatasetError(file: path, problem: problem))
        }
    }

    // MARK: Fashion-MNIST IDX

    /// Five training and two test images of 1×2 pixels.
    func writeFashion(trainLabels: [UInt8] = [0, 1, 2, 3, 9], gzip: Bool = true) throws -> String {
        let directory = "fashion-mnist/"
        let files: [(String, [UInt8])] = [
            ("train-images-idx3-ubyte", idxFile(magic: imagesMagicBytes, dims: [5, 1, 2], data: [0, 255, 51, 102, 1, 2, 3, 4, 5, 6])),
            ("train-labels-idx1-ubyte", idxFile(magic: labelsMagicBytes, dims: [trainLabels.count], data: trainLabels)),
            ("t10k-images-idx3-ubyte", idxFile(magic: imagesMagicBytes, dims: [2, 1, 2], data: [255, 255, 0, 0])),
            ("t10k-labels-idx1-ubyte", idxFile(magic: labelsMagicBytes, dims: [2], data: [4, 5])),
        ]
        for (name, bytes) in files {
            _ = try scratch.write(directory + name + (gzip ? ".gz" : ""), gzip ? Gzip.compress(bytes) : bytes)
        }
        return scratch.path + "/" + directory
    }

    func testFashionSplitAndScaling() throws {
        for gzip in [true, false] {
            let directory = try writeFashion(gzip: gzip)
            let splits = try FashionMNIST.load(directory: directory, trainCount: 3)
            XCTAssertEqual(splits.train.images.shape, [3, 2])
            XCTAssertEqual(splits.train.images.scalars, [0, 1, 0.2, 0.4, Float(1) / 255, Float(2) / 255])
            XCTAssertEqual(splits.train.labels, [0, 1, 2])
            XCTAssertEqual(splits.valid.labels, [3, 9])
            XCTAssertEqual(splits.valid.images.scalars, [3, 4, 5, 6].map { Float($0) / 255 })
            XCTAssertEqual(splits.test.labels, [4, 5])
            XCTAssertEqual(splits.test.images.scalars, [1, 1, 0, 0])
            XCTAssertEqual(splits.train.imageShape, [1, 1, 2])
            XCTAssertEqual(splits.source, "fashion-mnist")
            XCTAssertEqual(splits.fingerprint.count, 64)
            try FileManager.default.removeItem(atPath: directory)
        }
    }

    func testFashionFingerprintIsTheManifestHash() throws {
        let directory = try writeFashion()
        let manifest = try FashionMNIST.files.map { name -> String in
            let bytes = try Data(contentsOf: URL(fileURLWithPath: directory + name + ".gz"))
            return "\(SHA256.hex(bytes))  \(name).gz\n"
        }.joined()
        XCTAssertEqual(try FashionMNIST.load(directory: directory, trainCount: 3).fingerprint, SHA256.hex(manifest))
    }

    func testFashionLabelCountMismatch() throws {
        let directory = try writeFashion(trainLabels: [0, 1, 2, 3])
        assertProblem(
            try FashionMNIST.load(directory: directory, trainCount: 3),
            DatasetError(file: directory + "train-labels-idx1-ubyte.gz", problem: "has 4 labels but the image file has 5 images"))
    }

    func testFashionWrongMagic() throws {
        let directory = try writeFashion()
        let path = directory + "t10k-images-idx3-ubyte.gz"
        try Data(Gzip.compress(idxFile(magic: labelsMagicBytes, dims: [2], data: [1, 1]))).write(to: URL(fileURLWithPath: path))
        assertProblem(
            try FashionMNIST.load(directory: directory, trainCount: 3),
            DatasetError(file: path, problem: "wrong IDX magic number 0x00000801 (expected 0x00000803, a rank-3 unsigned-byte file)"))
    }

    func testFashionMissingFile() throws {
        let directory = try writeFashion()
        let path = directory + "t10k-labels-idx1-ubyte.gz"
        try FileManager.default.removeItem(atPath: path)
        assertProblem(
            try FashionMNIST.load(directory: directory, trainCount: 3),
            DatasetError(file: path, problem: "file not found (install the Debian package dataset-fashion-mnist, or run `make data`)"))
    }

    func testFashionPrefersTheDataDirectory() throws {
        _ = try writeFashion()
        XCTAssertEqual(try FashionMNIST.directory(in: scratch.path), scratch.path + "/fashion-mnist")
    }

    /// A build whose results are current only fingerprints the data: the
    /// value must be the one loading gives, without decoding anything.
    func testFingerprintWithoutLoadingIsTheLoadedOne() throws {
        let path = try scratch.write("mnist.pkl.gz", Gzip.compress(TinyDigits.pickle))
        XCTAssertEqual(try DigitSplits.fingerprint(.mnist, dataDirectory: scratch.path), try MNIST.loadPickle(path).fingerprint)
        _ = try writeFashion()
        XCTAssertEqual(
            try DigitSplits.fingerprint(.fashionMNIST, dataDirectory: scratch.path),
            try FashionMNIST.load(directory: scratch.path + "/fashion-mnist", trainCount: 3).fingerprint)
        // Bytes that do not decode still have a fingerprint: the step that needs them reports the damage.
        _ = try scratch.write("mnist.pkl.gz", [0x1f, 0x8b, 0, 1, 2])
        XCTAssertEqual(try DigitSplits.fingerprint(.mnist, dataDirectory: scratch.path), SHA256.hex([0x1f, 0x8b, 0, 1, 2] as [UInt8]))
    }

    func testErrorDescriptionIsOneLine() {
        let error = DatasetError(file: "f", problem: "two\nlines")
        XCTAssertEqual(error.description, "f: two lines")
    }
}
