/// A value decoded from a pickle, restricted to what numpy-array pickles
/// contain.
public enum PickleValue: Equatable, Sendable {
    case none
    case bool(Bool)
    case int(Int)
    /// A Python 3 `str` (BINUNICODE).
    case string(String)
    /// A Python 2 `str` (SHORT_BINSTRING, BINSTRING): raw bytes, a view
    /// into the pickle (numpy array data arrives this way).
    case bytes(ArraySlice<UInt8>)
    case tuple([PickleValue])
    case list([PickleValue])
    /// A whitelisted class or function reference, e.g. `numpy.ndarray`.
    case global(module: String, name: String)
    case dtype(NumpyDType)
    case ndarray(NumpyArray)

    /// Text of a Python 2 or 3 string (Python 2 pickles store dtype codes
    /// such as 'f4' and '<' as byte strings; they are ASCII).
    public var text: String? {
        switch self {
        case .string(let s): s
        case .bytes(let b): String(decoding: b, as: UTF8.self)
        default: nil
        }
    }

    public var tupleItems: [PickleValue]? {
        if case .tuple(let items) = self { items } else { nil }
    }

    public var array: NumpyArray? {
        if case .ndarray(let a) = self { a } else { nil }
    }

    /// A short name for error messages ("a 3-tuple", "an int").
    public var kindDescription: String {
        switch self {
        case .none: "None"
        case .bool: "a bool"
        case .int: "an int"
        case .string: "a str"
        case .bytes: "a byte string"
        case .tuple(let items): "a \(items.count)-tuple"
        case .list(let items): "a list of \(items.count)"
        case .global(let module, let name): "\(module).\(name)"
        case .dtype(let d): "dtype \(d.rawValue)"
        case .ndarray(let a): "a \(a.dtype.rawValue) array of shape \(a.shape)"
        }
    }
}
