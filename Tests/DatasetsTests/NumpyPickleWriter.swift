import Foundation

/// Writes protocol-2 pickles of numpy arrays opcode for opcode as Python 2
/// numpy wrote `mnist.pkl.gz` (compare `pickletools.dis` of that file): memo
/// slots counted from 1, `_reconstruct`/`ndarray`/`dtype` globals and each
/// built dtype memoised once and reused with BINGET afterwards.
/// `RealDataTests` checks the header it writes against the real file.
struct NumpyPickleWriter {
    private(set) var bytes: [UInt8] = [0x80, 0x02]  // PROTO 2
    private var memo: [String: UInt8] = [:]
    private var slots: UInt8 = 0

    mutating func op(_ code: UInt8) { bytes.append(code) }
    mutating func op(_ code: Character) { bytes.append(code.asciiValue!) }

    /// BINPUT into the next slot.
    mutating func put() {
        slots += 1
        bytes += [0x71, slots]
    }

    /// Emits `make` and memoises it under `key` the first time (then runs
    /// `afterPut`, e.g. a dtype's BUILD); later uses are one BINGET.
    mutating func memoised(_ key: String, _ make: (inout Self) -> Void, afterPut: (inout Self) -> Void = { _ in }) {
        if let slot = memo[key] {
            bytes += [0x68, slot]
            return
        }
        make(&self)
        put()
        memo[key] = slots
        afterPut(&self)
    }

    mutating func global(_ module: String, _ name: String) {
        op("c")
        bytes += Array("\(module)\n\(name)\n".utf8)
    }

    mutating func int(_ n: Int) {
        switch n {
        case 0..<256: bytes += [0x4b, UInt8(n)]  // BININT1
        case 256..<65536: bytes += [0x4d, UInt8(n & 0xff), UInt8(n >> 8)]  // BININT2
        default: op("J"); bytes += littleEndian(UInt32(bitPattern: Int32(n)))
        }
    }

    mutating func shortString(_ text: String) {
        op("U")
        bytes.append(UInt8(text.utf8.count))
        bytes += Array(text.utf8)
    }

    mutating func binstring(_ data: [UInt8]) {
        op("T")
        bytes += littleEndian(UInt32(data.count))
        bytes += data
    }

    mutating func tuple(_ count: Int) {
        bytes.append([0x29, 0x85, 0x86, 0x87][count])  // EMPTY_TUPLE, TUPLE1…3
    }

    mutating func shape(_ dims: [Int]) {
        if dims.count > 3 { op("(") }
        for d in dims { int(d) }
        if dims.count > 3 { op("t") } else { tuple(dims.count) }
    }

    /// One `numpy.ndarray` exactly as numpy's `__reduce__` writes it.
    mutating func array(shape dims: [Int], dtype code: String, byteOrder: String = "<", fortran: Bool = false, data: [UInt8]) {
        memoised("reconstruct") { $0.global("numpy.core.multiarray", "_reconstruct") }
        memoised("ndarray") { $0.global("numpy", "ndarray") }
        int(0)
        tuple(1)
        shortString("b")
        tuple(3)
        op("R")
        put()
        op("(")
        int(1)
        shape(dims)
        memoised("dtype \(byteOrder)\(code)", { w in
            w.memoised("dtype global") { $0.global("numpy", "dtype") }
            w.shortString(code)
            w.int(0)
            w.int(1)
            w.tuple(3)
            w.op("R")
        }, afterPut: { w in
            w.op("(")
            w.int(3)
            w.shortString(byteOrder)
            w.op("N"); w.op("N"); w.op("N")
            w.int(-1); w.int(-1); w.int(0)
            w.op("t")
            w.op("b")
        })
        op(fortran ? 0x88 : 0x89)
        binstring(data)
        op("t")
        op("b")
    }

    /// A float32 images / int64 labels pair, followed by TUPLE2 and BINPUT.
    mutating func split(images: [Float], width: Int, labels: [Int64]) {
        array(shape: [labels.count, width], dtype: "f4", data: images.flatMap { littleEndian($0.bitPattern) })
        array(shape: [labels.count], dtype: "i8", data: labels.flatMap { littleEndian(UInt64(bitPattern: $0)) })
        tuple(2)
        put()
    }

    mutating func stop() { op(".") }
}

func littleEndian<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
    withUnsafeBytes(of: value.littleEndian) { Array($0) }
}

/// A small (train, valid, test) MNIST-style pickle with 2×2 images, and the
/// values it holds, for exact comparisons.
struct TinyDigits {
    static let width = 4
    static let train: (images: [Float], labels: [Int64]) = ([0, 0.25, 0.5, 1, 1, 0.75, 0.125, 0], [3, 9])
    static let valid: (images: [Float], labels: [Int64]) = ([0.5, 0.5, 0.5, 0.5], [0])
    static let test: (images: [Float], labels: [Int64]) = ([1, 0, 0, 1, 0, 1, 1, 0, 0.2, 0.4, 0.6, 0.8], [7, 1, 2])

    static var pickle: [UInt8] {
        var w = NumpyPickleWriter()
        for part in [train, valid, test] { w.split(images: part.images, width: width, labels: part.labels) }
        w.tuple(3)
        w.stop()
        return w.bytes
    }
}

/// A fresh directory under the system temporary directory, removed by `cleanUp`.
struct ScratchDirectory {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("DatasetsTests-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let file = path + "/" + name
        let directory = (file as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        return file
    }

    func cleanUp() { try? FileManager.default.removeItem(atPath: path) }
}
