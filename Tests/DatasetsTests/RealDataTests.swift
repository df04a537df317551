import Foundation
import XCTest

@testable import Datasets

/// Checks against the real files; skipped when they are absent. Expected
/// numbers were computed once with python3 + numpy from the same files
/// (`np.bincount(labels)`, `images.astype(np.float64).sum()`).
final class RealDataTests: XCTestCase {
    /// The package root, three levels above this file.
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    static let dataDirectory = packageRoot + "/data"
    static let mnistPath = dataDirectory + "/mnist.pkl.gz"

    /// Loaded once: every test below reads the same splits.
    static let mnist: Result<DigitSplits, Error>? = FileManager.default.fileExists(atPath: mnistPath)
        ? Result { try MNIST.loadPickle(mnistPath) } : nil

    static let fashion: Result<DigitSplits, Error>? = FileManager.default.fileExists(atPath: FashionMNIST.systemDirectory)
        ? Result { try FashionMNIST.load(directory: FashionMNIST.systemDirectory) } : nil

    func loadedMNIST() throws -> DigitSplits {
        guard let result = Self.mnist else { throw XCTSkip("no data/mnist.pkl.gz (run `make data`)") }
        return try result.get()
    }

    func loadedFashion() throws -> DigitSplits {
        guard let result = Self.fashion else { throw XCTSkip("no \(FashionMNIST.systemDirectory) (package dataset-fashion-mnist)") }
        return try result.get()
    }

    func testMNISTCountsShapesAndFingerprint() throws {
        let splits = try loadedMNIST()
        XCTAssertEqual([splits.train.count, splits.valid.count, splits.test.count], [50000, 10000, 10000])
        for set in [splits.train, splits.valid, splits.test] {
            XCTAssertEqual(set.images.shape, [set.count, 784])
            XCTAssertEqual(set.imageShape, [1, 28, 28])
            XCTAssertEqual(set.classCount, 10)
        }
        XCTAssertEqual(splits.fingerprint, "f11bb9e41d6c1b6c124aa38fd605497bdcfe2ee08cf7c2bb5a41ab5d759e1416")
        XCTAssertEqual(splits.source, "mnist.pkl.gz")
    }

    func testMNISTLabels() throws {
        let splits = try loadedMNIST()
        XCTAssertEqual(splits.train.classHistogram, [4932, 5678, 4968, 5101, 4859, 4506, 4951, 5175, 4842, 4988])
        XCTAssertEqual(splits.valid.classHistogram, [991, 1064, 990, 1030, 983, 915, 967, 1090, 1009, 961])
        XCTAssertEqual(splits.test.classHistogram, [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009])
        // The share of ones in the training set: 5678 / 50000.
        XCTAssertEqual(Double(splits.train.classHistogram[1]) / Double(splits.train.count), 0.11356, accuracy: 1e-12)
        XCTAssertEqual(Array(splits.train.labels.prefix(10)), [5, 0, 4, 1, 9, 2, 1, 3, 1, 4])
        XCTAssertEqual(Array(splits.valid.labels.prefix(10)), [3, 8, 6, 9, 6, 4, 5, 3, 8, 4])
        XCTAssertEqual(Array(splits.test.labels.prefix(10)), [7, 2, 1, 0, 4, 1, 4, 9, 5, 9])
    }

    /// Pixels are multiples of 1/256 in this file, so the Double sums are exact.
    func testMNISTPixels() throws {
        let splits = try loadedMNIST()
        let expectedSums = [5113629.10546875, 1008630.8359375, 1034856.25]
        for (set, expected) in zip([splits.train, splits.valid, splits.test], expectedSums) {
            let summary = PixelSummary(set.images.scalars)
            XCTAssertEqual(summary.low, 0)
            XCTAssertEqual(summary.high, 0.99609375)
            XCTAssertEqual(summary.sum, expected)
        }
        XCTAssertEqual(PixelSummary(Array(splits.train.images.scalars[0..<784])).sum, 107.51953125)
    }

    /// The fixture writer emits the same bytes as Python 2 numpy did, up to
    /// the first array's data.
    func testFixtureWriterMatchesTheRealPickleHeader() throws {
        guard FileManager.default.fileExists(atPath: Self.mnistPath) else { throw XCTSkip("no data/mnist.pkl.gz") }
        let compressed = [UInt8](try Data(contentsOf: URL(fileURLWithPath: Self.mnistPath)))
        let real = try Gzip.decompress(compressed, file: Self.mnistPath)
        var w = NumpyPickleWriter()
        w.array(shape: [50000, 784], dtype: "f4", data: [])
        XCTAssertEqual(Array(w.bytes.prefix(128)), Array(real.prefix(128)))
        XCTAssertEqual(real.count, 220_080_342)
    }

    func testFashionMNIST() throws {
        let splits = try loadedFashion()
        XCTAssertEqual([splits.train.count, splits.valid.count, splits.test.count], [50000, 10000, 10000])
        let beforeSplit = splits.train.concatenated(with: splits.valid)
        XCTAssertEqual(beforeSplit.count, 60000)
        XCTAssertEqual(beforeSplit.classHistogram, [Int](repeating: 6000, count: 10))
        XCTAssertEqual(splits.train.classHistogram, [4977, 5012, 4992, 4979, 4950, 5004, 5030, 5045, 5032, 4979])
        XCTAssertEqual(splits.test.classHistogram, [Int](repeating: 1000, count: 10))
        XCTAssertEqual(Array(splits.train.labels.prefix(10)), [9, 0, 0, 3, 0, 2, 7, 2, 5, 5])
        XCTAssertEqual(splits.test.imageShape, [1, 28, 28])
        // Sums of the Float bit patterns: numpy's `(bytes.astype(np.float32) / np.float32(255))
        // .view(np.uint32).sum()`, so every pixel must be the correctly rounded byte / 255.
        XCTAssertEqual(PixelSummary(splits.train.images.scalars).bitPatternSum, 20_554_925_094_699_099)
        XCTAssertEqual(PixelSummary(splits.valid.images.scalars).bitPatternSum, 4_135_689_744_636_024)
        XCTAssertEqual(PixelSummary(splits.test.images.scalars).bitPatternSum, 4_132_971_762_947_309)
        XCTAssertEqual(splits.fingerprint, "3b54bf44c4e1ca69a8e230067e3c393d53fe41e52aeb3ebdd51163854414cd23")
    }

    func testFashionFallsBackToTheSystemDirectory() throws {
        guard FileManager.default.fileExists(atPath: FashionMNIST.systemDirectory) else { throw XCTSkip("no system Fashion-MNIST") }
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("no-data-\(UUID().uuidString)").path
        XCTAssertEqual(try FashionMNIST.directory(in: empty), FashionMNIST.systemDirectory)
    }
}

/// Minimum, maximum and sums of a pixel buffer in one pass; written as a
/// pointer loop because these tests run unoptimised over 55 million values.
struct PixelSummary {
    var low = Float.infinity
    var high = -Float.infinity
    var sum = 0.0
    var bitPatternSum: UInt64 = 0

    init(_ values: [Float]) {
        values.withUnsafeBufferPointer { p in
            var i = 0
            while i < p.count {
                let x = p[i]
                if x < low { low = x }
                if x > high { high = x }
                sum += Double(x)
                bitPatternSum &+= UInt64(x.bitPattern)
                i &+= 1
            }
        }
    }
}
