@testable import Datasets
import Foundation

/// A tiny `mnist.pkl.gz` written by the tests, in the format `MNIST.loadPickle`
/// reads (a gzipped protocol-2 pickle of `(train, valid, test)`, each a float32
/// [n, 784] / int64 [n] pair). Each class is a bright bar at its own place on
/// faint noise: classes a few steps of gradient descent make headway on, so
/// that a step that stopped learning shows in its losses, not only in its shapes.
enum SyntheticDigits {
    struct Split {
        var images: [Float]
        var labels: [Int]
        var count: Int { labels.count }
    }

    /// Labels cycle through 0…9 and then 3 again, so that 3 is the one most
    /// frequent class (the zero-initialised network's answer, which p1.init's
    /// majority-class figure must then match exactly).
    static let labelCycle = Array(0..<10) + [3]

    static func split(count: Int, seed: UInt64) -> Split {
        var state = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        func noise() -> Float {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Float(state >> 40) / Float(1 << 24) * 0.2
        }
        var images: [Float] = []
        images.reserveCapacity(count * 784)
        let labels = (0..<count).map { labelCycle[$0 % labelCycle.count] }
        for label in labels {
            // Bars 4 wide and 10 high on a 5×2 grid: no two classes share a pixel.
            let top = 3 + (label / 5) * 12, left = 2 + (label % 5) * 5
            for y in 0..<28 {
                for x in 0..<28 {
                    let inBar = (top..<(top + 10)).contains(y) && (left..<(left + 4)).contains(x)
                    images.append(inBar ? 0.8 + noise() : noise())
                }
            }
        }
        return Split(images: images, labels: labels)
    }

    /// Writes `<directory>/mnist.pkl.gz` and returns the three splits it holds.
    @discardableResult
    static func write(in directory: String, train: Int, valid: Int, test: Int) throws -> [Split] {
        let splits = [split(count: train, seed: 1), split(count: valid, seed: 2), split(count: test, seed: 3)]
        var pickle = NumpyPickle()
        for part in splits { pickle.pair(part) }
        pickle.op(0x87)  // TUPLE3: (train, valid, test)
        pickle.op(UInt8(ascii: "."))
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try Data(Gzip.compress(pickle.bytes)).write(to: URL(fileURLWithPath: directory + "/" + MNIST.fileName))
        return splits
    }
}

/// The opcodes numpy's `__reduce__` writes for an array under pickle protocol 2
/// (`_reconstruct(ndarray, (0,), 'b')`, then BUILD with the state
/// `(1, shape, dtype, is_fortran, raw bytes)`), without the memo numpy adds.
private struct NumpyPickle {
    var bytes: [UInt8] = [0x80, 0x02]  // PROTO 2

    mutating func op(_ code: UInt8) { bytes.append(code) }
    mutating func op(_ code: Character) { bytes.append(code.asciiValue!) }
    mutating func int(_ n: Int32) { op("J"); bytes += Self.littleEndian(UInt32(bitPattern: n)) }  // BININT
    mutating func string(_ data: [UInt8]) { op("T"); bytes += Self.littleEndian(UInt32(data.count)) + data }  // BINSTRING
    mutating func global(_ module: String, _ name: String) { op("c"); bytes += Array("\(module)\n\(name)\n".utf8) }

    /// An `(images, labels)` tuple of a float32 [n, 784] and an int64 [n] array.
    mutating func pair(_ split: SyntheticDigits.Split) {
        array(shape: [split.count, 784], dtype: "f4", data: split.images.flatMap { Self.littleEndian($0.bitPattern) })
        array(shape: [split.count], dtype: "i8", data: split.labels.flatMap { Self.littleEndian(UInt64(bitPattern: Int64($0))) })
        op(0x86)  // TUPLE2
    }

    mutating func array(shape: [Int], dtype: String, data: [UInt8]) {
        global("numpy.core.multiarray", "_reconstruct")
        global("numpy", "ndarray")
        int(0); op(0x85)  // (0,)
        string(Array("b".utf8)); op(0x87); op("R")  // TUPLE3, REDUCE
        op("(")  // MARK of the state tuple
        int(1)
        op("("); shape.forEach { int(Int32($0)) }; op("t")
        global("numpy", "dtype")
        string(Array(dtype.utf8)); int(0); int(1); op(0x87); op("R")
        op("("); int(3); string(Array("<".utf8)); op("N"); op("N"); op("N"); int(-1); int(-1); int(0); op("t"); op("b")
        op(0x89)  // NEWFALSE: C order
        string(data)
        op("t"); op("b")
    }

    static func littleEndian<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
        withUnsafeBytes(of: value.littleEndian) { Array($0) }
    }
}
