import XCTest

@testable import Datasets

/// Files made to hurt the loaders: each gives one line naming the file and what
/// is wrong, never a stack overflow, an arithmetic trap or gigabytes of memory.
final class HostileFileTests: XCTestCase {
    var scratch: ScratchDirectory!

    override func setUpWithError() throws { scratch = try ScratchDirectory() }
    override func tearDown() { scratch.cleanUp() }

    /// Loads `pickle` as a gzipped mnist.pkl.gz and returns the one-line error.
    func mnistError(_ pickle: [UInt8], line: UInt = #line) throws -> String {
        let path = try scratch.write("mnist.pkl.gz", Gzip.compress(pickle))
        do {
            _ = try MNIST.loadPickle(path)
        } catch let error as DatasetError {
            XCTAssertEqual(error.file, path, line: line)
            XCTAssertFalse(error.description.contains("\n"), line: line)
            return error.problem
        }
        XCTFail("loaded without an error", line: line)
        return ""
    }

    // MARK: Nesting

    /// `\x80\x02]q\x00h\x00a.`: a list appended to itself.
    func testAListThatContainsItself() throws {
        let problem = try mnistError([0x80, 0x02, 0x5d, 0x71, 0x00, 0x68, 0x00, 0x61, 0x2e])
        XCTAssertTrue(problem.contains("contains itself"), problem)
    }

    func testTuplesNestedTwentyThousandDeep() throws {
        let problem = try mnistError([0x80, 0x02, 0x29] + [UInt8](repeating: 0x85, count: 20_000) + [0x2e])
        XCTAssertTrue(problem.contains("nested more than \(Pickle.maximumDepth) levels deep"), problem)
    }

    /// Lists made first and filled later (through the memo), so no list looks
    /// deep when it is built: L0 ⊃ L1 ⊃ … ⊃ L100000.
    func testListsChainedThroughTheMemo() throws {
        var bytes: [UInt8] = [0x80, 0x02, 0x5d, 0x72] + littleEndian(UInt32(0))  // EMPTY_LIST, LONG_BINPUT 0
        for i in 1...100_000 {
            bytes += [0x5d, 0x72] + littleEndian(UInt32(i))  // a new list, memoised
            bytes += [0x61]  // appended to the one below it
            bytes += [0x6a] + littleEndian(UInt32(i))  // LONG_BINGET: back on top, to be filled next
        }
        bytes += [0x6a] + littleEndian(UInt32(0)) + [0x2e]  // the outermost list, STOP
        let problem = try mnistError(bytes)
        XCTAssertTrue(problem.contains("nested more than \(Pickle.maximumDepth) levels deep"), problem)
    }

    /// Each list holds the one before twice: 40 levels stand for 2^40 values.
    func testSharedListsThatExpandExponentially() throws {
        var bytes: [UInt8] = [0x80, 0x02, 0x5d, 0x72] + littleEndian(UInt32(0))
        for i in 1...40 {
            bytes += [0x5d, 0x28] + [0x6a] + littleEndian(UInt32(i - 1)) + [0x6a] + littleEndian(UInt32(i - 1)) + [0x65]  // [L, L]
            bytes += [0x72] + littleEndian(UInt32(i))
        }
        bytes += [0x2e]
        let problem = try mnistError(bytes)
        XCTAssertTrue(problem.contains("more than \(Pickle.maximumValues) values"), problem)
    }

    // MARK: Sizes

    func testAShapeWhoseProductOverflows() throws {
        var w = NumpyPickleWriter()
        w.array(shape: [2_000_000_000, 2_000_000_000, 2_000_000_000], dtype: "f4", data: [])
        w.stop()
        let problem = try mnistError(w.bytes)
        XCTAssertTrue(problem.contains("[2000000000, 2000000000, 2000000000] has more elements than"), problem)
    }

    func testIDXDimensionsWhoseProductOverflows() {
        let header = idxFile(magic: imagesMagicBytes, dims: [0xFFFF_FFFF, 0xFFFF_FFFF, 0xFFFF_FFFF], data: [1, 2, 3])
        XCTAssertThrowsError(try IDX.parse(header, file: "i.gz", expectedMagic: IDX.imagesMagic)) { error in
            XCTAssertEqual((error as? DatasetError)?.file, "i.gz")
            XCTAssertTrue("\(error)".contains("more elements than"), "\(error)")
        }
    }

    /// A gzip bomb: inflating stops at the limit, with a message, instead of
    /// taking all the memory first (a 13 MB bomb took 2.9 GB before failing).
    func testDecompressionStopsAtItsLimit() throws {
        let bomb = Gzip.compress([UInt8](repeating: 0, count: 3 << 20))
        XCTAssertThrowsError(try Gzip.decompress(bomb, file: "bomb.gz", limit: 1 << 20)) { error in
            XCTAssertEqual((error as? DatasetError)?.file, "bomb.gz")
            XCTAssertTrue("\(error)".contains("decompresses to more than 1 MiB"), "\(error)")
        }
        XCTAssertEqual(try Gzip.decompress(bomb, file: "bomb.gz", limit: 3 << 20).count, 3 << 20, "exactly the limit is fine")
        XCTAssertGreaterThanOrEqual(Gzip.defaultLimit, 4 * 220_080_342, "room for the real MNIST pickle, also in float64")
    }

    // MARK: Empty splits

    func testEmptySplitsAreRefusedByName() throws {
        for (index, name) in ["train", "valid", "test"].enumerated() {
            var w = NumpyPickleWriter()
            for part in 0..<3 {
                let rows: [Int64] = part == index ? [] : [1, 2]
                w.split(images: [Float](repeating: 0.5, count: 4 * rows.count), width: 4, labels: rows)
            }
            w.tuple(3)
            w.stop()
            let problem = try mnistError(w.bytes)
            XCTAssertTrue(problem.hasPrefix("\(name) split: no images"), problem)
        }
    }

    /// The loaders read any square size; the report's networks need 28×28.
    func testImagesOfAnotherSizeAreRefusedWhenASizeIsRequired() throws {
        let path = try scratch.write("mnist.pkl.gz", Gzip.compress(TinyDigits.pickle))
        XCTAssertNoThrow(try DigitSplits.loadDigits(.mnist, dataDirectory: scratch.path))
        assertProblem(
            try DigitSplits.loadDigits(.mnist, dataDirectory: scratch.path, imageSide: 28),
            DatasetError(file: path, problem: "images are 2×2, expected 28×28"))
    }

    func testAnEmptyFashionTestSplitIsRefused() throws {
        let directory = scratch.path + "/fashion-mnist/"
        let files: [(String, [UInt8])] = [
            ("train-images-idx3-ubyte", idxFile(magic: imagesMagicBytes, dims: [3, 1, 2], data: [0, 1, 2, 3, 4, 5])),
            ("train-labels-idx1-ubyte", idxFile(magic: labelsMagicBytes, dims: [3], data: [0, 1, 2])),
            ("t10k-images-idx3-ubyte", idxFile(magic: imagesMagicBytes, dims: [0, 28, 28], data: [])),
            ("t10k-labels-idx1-ubyte", idxFile(magic: labelsMagicBytes, dims: [0], data: [])),
        ]
        for (name, bytes) in files { _ = try scratch.write("fashion-mnist/" + name, bytes) }
        XCTAssertThrowsError(try FashionMNIST.load(directory: directory, trainCount: 2)) { error in
            XCTAssertEqual((error as? DatasetError)?.file, directory + "t10k-images-idx3-ubyte")
            XCTAssertTrue("\(error)".contains("no images"), "\(error)")
        }
    }
}
