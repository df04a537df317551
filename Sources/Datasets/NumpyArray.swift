/// The numpy element types the loaders accept. Raw values are numpy's
/// `kind + itemsize` descriptors, as a pickled `numpy.dtype(...)` names them.
public enum NumpyDType: String, Sendable, CaseIterable {
    case float32 = "f4"
    case float64 = "f8"
    case int64 = "i8"
    case int32 = "i4"
    case uint8 = "u1"

    public var itemSize: Int {
        switch self {
        case .float32, .int32: 4
        case .float64, .int64: 8
        case .uint8: 1
        }
    }
}

/// The number of elements of an array of `shape`, or nil when a dimension is
/// negative or the count (or its size in bytes, at `itemSize` bytes each)
/// would overflow Int. Shapes come from files: `shape.reduce(1, *)` traps on
/// three dimensions of 2^31.
public func elementCount(_ shape: [Int], itemSize: Int = 1) -> Int? {
    guard shape.allSatisfy({ $0 >= 0 }), itemSize > 0 else { return nil }
    var count = 1
    for dimension in shape + [itemSize] {
        let (product, overflow) = count.multipliedReportingOverflow(by: dimension)
        if overflow { return nil }
        count = product
    }
    return count / itemSize
}

/// A C-ordered numpy array as stored in a pickle: shape, element type and the
/// raw little-endian element bytes.
public struct NumpyArray: Equatable, Sendable {
    public var shape: [Int]
    public var dtype: NumpyDType
    /// A slice because the unpickler hands out views into its input rather
    /// than copying 150 MB; the view keeps that whole buffer alive, so
    /// convert (`floatValues()`, `intValues()`) and let the array go.
    public var bytes: ArraySlice<UInt8>

    /// Callers are expected to have checked `bytes.count == count * itemSize`
    /// (the unpickler does, and reports a mismatch as a data error).
    public init(shape: [Int], dtype: NumpyDType, bytes: ArraySlice<UInt8>) {
        precondition(shape.reduce(1, *) * dtype.itemSize == bytes.count, "\(bytes.count) bytes for \(dtype) \(shape)")
        self.shape = shape
        self.dtype = dtype
        self.bytes = bytes
    }

    public init(shape: [Int], dtype: NumpyDType, bytes: [UInt8]) {
        self.init(shape: shape, dtype: dtype, bytes: bytes[...])
    }

    public var count: Int { shape.reduce(1, *) }

    /// The elements as `Float`, or nil for integer arrays. float32 is one bulk
    /// copy (the 150 MB MNIST image block must not go through a per-element
    /// Swift loop in debug builds); float64 is rounded to nearest.
    public func floatValues() -> [Float]? {
        switch dtype {
        case .float32:
            #if _endian(little)
                return [Float](unsafeUninitializedCapacity: count) { out, initialised in
                    bytes.withUnsafeBytes { UnsafeMutableRawBufferPointer(out).copyMemory(from: $0) }
                    initialised = count
                }
            #else
                return convert { Float(bitPattern: UInt32(littleEndian: $0.loadUnaligned(fromByteOffset: 4 * $1, as: UInt32.self))) }
            #endif
        case .float64:
            return convert { Float(Double(bitPattern: UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: 8 * $1, as: UInt64.self)))) }
        case .int64, .int32, .uint8:
            return nil
        }
    }

    /// The elements as `Int`, or nil for floating-point arrays.
    public func intValues() -> [Int]? {
        switch dtype {
        case .int64:
            return convert { Int(Int64(littleEndian: $0.loadUnaligned(fromByteOffset: 8 * $1, as: Int64.self))) }
        case .int32:
            return convert { Int(Int32(littleEndian: $0.loadUnaligned(fromByteOffset: 4 * $1, as: Int32.self))) }
        case .uint8:
            return convert { Int($0[$1]) }
        case .float32, .float64:
            return nil
        }
    }

    /// One pass over the raw bytes, element `i` produced by `element(raw, i)`.
    private func convert<T>(_ element: (UnsafeRawBufferPointer, Int) -> T) -> [T] {
        let n = count
        return bytes.withUnsafeBytes { raw in
            [T](unsafeUninitializedCapacity: n) { out, initialised in
                for i in 0..<n { (out.baseAddress! + i).initialize(to: element(raw, i)) }
                initialised = n
            }
        }
    }
}
