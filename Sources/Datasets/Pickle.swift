/// A deliberately small unpickler: protocol 2 opcodes for tuples, lists,
/// ints, strings and numpy arrays, as in the classic `mnist.pkl.gz`.
///
/// Unlike Python's `pickle`, it never runs code: GLOBAL only resolves the
/// numpy constructors below, and REDUCE/BUILD only know how to make arrays
/// and dtypes from them. Anything else is refused with the byte offset, so
/// an unexpected file fails loudly instead of being half understood.
public enum Pickle {
    /// Decodes `bytes` (already decompressed); `file` labels errors, and the
    /// byte offsets in them count from the start of `bytes`.
    public static func load(_ bytes: [UInt8], file: String) throws -> PickleValue {
        var unpickler = Unpickler(bytes: bytes, file: file)
        defer { unpickler.emptyLists() }
        return try unpickler.run()
    }

    /// How deep values may nest. The MNIST pickle needs 4 levels; Python's own
    /// unpickler recurses without a bound and dies on 20,000 nested tuples, as
    /// ours did: recursion this deep (in decoding, and in freeing) overflows the stack.
    static let maximumDepth = 64
    /// How many values one decoded result may hold (MNIST's holds about 30).
    /// Memo references share values, so 40 lists each holding the previous one
    /// twice would otherwise expand to 2^40.
    static let maximumValues = 100_000

    /// The callables GLOBAL may name. numpy 2 renamed `numpy.core` to
    /// `numpy._core`; both spellings mean the same constructor.
    static let allowedGlobals: Set<String> = [
        "numpy.core.multiarray._reconstruct",
        "numpy._core.multiarray._reconstruct",
        "numpy.ndarray",
        "numpy.dtype",
    ]
}

/// The unpickler's working values. Lists and REDUCE results are reference
/// boxes because APPENDS and BUILD mutate them in place, and the memo must
/// see those mutations (the MNIST pickle memoises a dtype before BUILD sets
/// its byte order, then reuses it via BINGET).
private enum Node {
    case value(PickleValue)
    /// Tuples are immutable, so their depth, computed when they are built, stays true.
    case tuple([Node], depth: Int)
    case list(ListBox)
    case object(ObjectBox)

    /// Levels of nesting below and including this node, as far as is known now:
    /// a list filled after it was put inside another is deeper than its
    /// container recorded, which `resolve` catches.
    var depth: Int {
        switch self {
        case .value, .object: 1
        case .tuple(_, let depth): depth
        case .list(let box): box.depth
        }
    }
}

private final class ListBox {
    var items: [Node] = []
    var depth = 1
}

private final class ObjectBox {
    enum State {
        case dtype(NumpyDType)
        /// From `_reconstruct(ndarray, (0,), 'b')`: an array awaiting BUILD.
        case emptyArray
        case array(NumpyArray)
    }
    var state: State
    init(_ state: State) { self.state = state }
}

private struct Unpickler {
    let bytes: [UInt8]
    let file: String
    var position = 0
    /// Offset of the opcode being executed, for error messages.
    var opcodeStart = 0
    var stack: [Node] = []
    var marks: [Int] = []
    var memo: [Int: Node] = [:]
    /// Every list made, so that `emptyLists` can take them apart one by one.
    var lists: [ListBox] = []
    /// Values made by `resolve` so far, against `Pickle.maximumValues`.
    var resolvedValues = 0

    init(bytes: [UInt8], file: String) {
        self.bytes = bytes
        self.file = file
    }

    mutating func run() throws -> PickleValue {
        while true {
            opcodeStart = position
            let opcode = try readByte()
            if opcode == Opcode.stop { return try resolve(pop()) }
            try execute(opcode)
        }
    }

    // MARK: Dispatch

    mutating func execute(_ opcode: UInt8) throws {
        switch opcode {
        case Opcode.proto:
            let version = try readByte()
            guard version == 2 else { throw failure("unsupported pickle protocol \(version) (only protocol 2 is supported)") }
        case Opcode.global: try pushGlobal()
        case Opcode.binput: memo[Int(try readByte())] = try top()
        case Opcode.longBinput: memo[Int(try readUInt32())] = try top()
        case Opcode.binget: try pushMemo(Int(try readByte()))
        case Opcode.longBinget: try pushMemo(Int(try readUInt32()))
        case Opcode.mark: marks.append(stack.count)
        case Opcode.tuple: stack.append(try tuple(of: popToMark()))
        case Opcode.tuple1, Opcode.tuple2, Opcode.tuple3: try pushTuple(of: Int(opcode - Opcode.tuple1) + 1)
        case Opcode.emptyTuple: stack.append(try tuple(of: []))
        case Opcode.binint: stack.append(.value(.int(Int(Int32(bitPattern: try readUInt32())))))
        case Opcode.binint1: stack.append(.value(.int(Int(try readByte()))))
        case Opcode.binint2: stack.append(.value(.int(Int(try readUInt16()))))
        case Opcode.shortBinstring: stack.append(.value(.bytes(try readBytes(Int(try readByte())))))
        case Opcode.binstring: stack.append(.value(.bytes(try readBytes(try readLength()))))
        case Opcode.binunicode: try pushUnicode()
        case Opcode.none: stack.append(.value(.none))
        case Opcode.newtrue: stack.append(.value(.bool(true)))
        case Opcode.newfalse: stack.append(.value(.bool(false)))
        case Opcode.emptyList: pushEmptyList()
        case Opcode.append: try append(items: [pop()])
        case Opcode.appends: try append(items: popToMark())
        case Opcode.reduce: try reduce()
        case Opcode.build: try build()
        default:
            throw failure("unsupported pickle opcode 0x\(Gzip.hexByte(opcode))\(printable(opcode)) at byte \(opcodeStart)")
        }
    }

    func printable(_ byte: UInt8) -> String {
        (0x21...0x7e).contains(byte) ? " ('\(Character(Unicode.Scalar(byte)))')" : ""
    }

    // MARK: Opcodes with more than one step

    mutating func pushGlobal() throws {
        let module = try readLine()
        let name = try readLine()
        guard Pickle.allowedGlobals.contains("\(module).\(name)") else {
            throw failure("refusing to load \(module).\(name) at pickle byte \(opcodeStart) (only numpy arrays are supported)")
        }
        stack.append(.value(.global(module: module, name: name)))
    }

    mutating func pushMemo(_ key: Int) throws {
        guard let node = memo[key] else { throw failure("malformed pickle: memo entry \(key) used before it was stored, at byte \(opcodeStart)") }
        stack.append(node)
    }

    mutating func pushTuple(of count: Int) throws {
        guard stack.count >= count else { throw stackUnderflow() }
        let items = Array(stack.suffix(count))
        stack.removeLast(count)
        stack.append(try tuple(of: items))
    }

    /// A tuple node, refused when it would nest too deep: a deep chain of
    /// tuples could not even be freed without overflowing the stack.
    func tuple(of items: [Node]) throws -> Node {
        let depth = 1 + (items.map(\.depth).max() ?? 0)
        guard depth <= Pickle.maximumDepth else { throw tooDeep() }
        return .tuple(items, depth: depth)
    }

    mutating func pushEmptyList() {
        let box = ListBox()
        lists.append(box)
        stack.append(.list(box))
    }

    mutating func pushUnicode() throws {
        let raw = try readBytes(try readLength())
        guard let text = String(validating: raw, as: UTF8.self) else {
            throw failure("malformed pickle: invalid UTF-8 in BINUNICODE at byte \(opcodeStart)")
        }
        stack.append(.value(.string(text)))
    }

    mutating func append(items: [Node]) throws {
        guard case .list(let list) = try top() else {
            throw failure("malformed pickle: APPEND(S) on a non-list at byte \(opcodeStart)")
        }
        list.depth = max(list.depth, 1 + (items.map(\.depth).max() ?? 0))
        guard list.depth <= Pickle.maximumDepth else { throw tooDeep() }
        list.items += items
    }

    /// Lists may hold each other, themselves included (a cycle that would
    /// never be freed), or form a chain too deep to free recursively; emptied
    /// one by one, each is freed on its own.
    func emptyLists() {
        for list in lists { list.items = [] }
    }

    /// `callable(*args)` for the two numpy constructors we know.
    mutating func reduce() throws {
        let arguments = try pop()
        let callable = try pop()
        guard case .value(.global(let module, let name)) = callable, case .tuple(let args, _) = arguments else {
            throw failure("malformed pickle: REDUCE without a global and an argument tuple at byte \(opcodeStart)")
        }
        switch name {
        case "_reconstruct" where module.hasSuffix("multiarray"):
            guard case .value(.global(_, "ndarray"))? = args.first else {
                throw failure("unsupported _reconstruct of something other than numpy.ndarray at pickle byte \(opcodeStart)")
            }
            stack.append(.object(ObjectBox(.emptyArray)))
        case "dtype":
            stack.append(.object(ObjectBox(.dtype(try dtype(from: args)))))
        default:
            throw failure("cannot call \(module).\(name) at pickle byte \(opcodeStart) (not a constructor)")
        }
    }

    /// `numpy.dtype(descriptor, align, copy)`; the byte order comes later, in BUILD.
    func dtype(from args: [Node]) throws -> NumpyDType {
        guard case .value(let value)? = args.first, let code = value.text else {
            throw failure("malformed pickle: numpy.dtype without a type code at byte \(opcodeStart)")
        }
        guard let type = NumpyDType(rawValue: code) else {
            let known = NumpyDType.allCases.map(\.rawValue).joined(separator: ", ")
            throw failure("unsupported numpy dtype '\(code)' at pickle byte \(opcodeStart) (supported: \(known))")
        }
        return type
    }

    /// `object.__setstate__(state)` for arrays and dtypes.
    mutating func build() throws {
        let state = try resolve(pop())
        guard case .object(let box) = try top() else {
            throw failure("malformed pickle: BUILD on something that is not a numpy object at byte \(opcodeStart)")
        }
        switch box.state {
        case .dtype(let type):
            try checkByteOrder(state, for: type)
        case .emptyArray:
            box.state = .array(try array(from: state))
        case .array:
            throw failure("malformed pickle: numpy array built twice at byte \(opcodeStart)")
        }
    }

    /// dtype state `(version, byteorder, subarray, names, fields, elsize, alignment, flags[, metadata])`:
    /// only the byte order matters for the plain types we accept.
    func checkByteOrder(_ state: PickleValue, for type: NumpyDType) throws {
        guard let items = state.tupleItems, items.count >= 2, let order = items[1].text else {
            throw failure("malformed numpy dtype state (\(state.kindDescription)) at pickle byte \(opcodeStart)")
        }
        let accepted = order == "<" || (order == "|" && type.itemSize == 1)
        guard accepted else {
            let what = order == ">" ? "big-endian" : "byte order '\(order)'"
            throw failure("unsupported \(what) numpy dtype \(type.rawValue) at pickle byte \(opcodeStart) (only little-endian data is supported)")
        }
    }

    /// ndarray state `(version, shape, dtype, is_fortran, raw bytes)`; numpy
    /// before 1.0 wrote it without the leading version.
    func array(from state: PickleValue) throws -> NumpyArray {
        guard var items = state.tupleItems, items.count == 5 || items.count == 4 else {
            throw failure("malformed numpy array state (\(state.kindDescription)) at pickle byte \(opcodeStart)")
        }
        if items.count == 5 { items.removeFirst() }
        guard let shape = items[0].tupleItems?.compactMap(intValue), shape.count == items[0].tupleItems?.count,
            shape.allSatisfy({ $0 >= 0 })
        else {
            throw failure("malformed numpy array shape (\(items[0].kindDescription)) at pickle byte \(opcodeStart)")
        }
        guard case .dtype(let type) = items[1] else {
            throw failure("numpy array with \(items[1].kindDescription) instead of a dtype at pickle byte \(opcodeStart)")
        }
        if case .bool(true) = items[2] {
            throw failure("unsupported Fortran-ordered numpy array \(shape) at pickle byte \(opcodeStart)")
        }
        guard case .bytes(let raw) = items[3] else {
            throw failure("numpy array data is \(items[3].kindDescription), expected raw bytes, at pickle byte \(opcodeStart)")
        }
        guard let count = elementCount(shape, itemSize: type.itemSize) else {
            throw failure("numpy \(type.rawValue) array of shape \(shape) has more elements than memory can hold, at pickle byte \(opcodeStart)")
        }
        let expected = count * type.itemSize
        guard raw.count == expected else {
            throw failure("numpy \(type.rawValue) array of shape \(shape) needs \(expected) bytes but has \(raw.count), at pickle byte \(opcodeStart)")
        }
        return NumpyArray(shape: shape, dtype: type, bytes: raw)
    }

    func intValue(_ value: PickleValue) -> Int? {
        if case .int(let n) = value { n } else { nil }
    }

    // MARK: Stack

    mutating func pop() throws -> Node {
        guard let node = stack.popLast() else { throw stackUnderflow() }
        if let mark = marks.last, stack.count < mark { throw stackUnderflow() }
        return node
    }

    func top() throws -> Node {
        guard let node = stack.last else { throw stackUnderflow() }
        return node
    }

    mutating func popToMark() throws -> [Node] {
        guard let mark = marks.popLast() else {
            throw failure("malformed pickle: no MARK for the opcode at byte \(opcodeStart)")
        }
        let items = Array(stack[mark...])
        stack.removeSubrange(mark...)
        return items
    }

    func stackUnderflow() -> DatasetError {
        failure("malformed pickle: stack underflow at byte \(opcodeStart)")
    }

    /// The final value of a node; boxes are read now, after all mutations.
    mutating func resolve(_ node: Node) throws -> PickleValue {
        var open: Set<ObjectIdentifier> = []
        return try resolve(node, depth: 1, open: &open)
    }

    /// `open` holds the lists on the path from the top: one met again inside
    /// itself is a cycle. The count of values made is kept over the whole
    /// pickle, since BUILD resolves its state as often as the file asks.
    private mutating func resolve(_ node: Node, depth: Int, open: inout Set<ObjectIdentifier>) throws -> PickleValue {
        // Checked here too: a list filled after it was nested is deeper than recorded.
        guard depth <= Pickle.maximumDepth else { throw tooDeep() }
        resolvedValues += 1
        guard resolvedValues <= Pickle.maximumValues else {
            throw failure("malformed pickle: more than \(Pickle.maximumValues) values (shared references that expand without end?)")
        }
        switch node {
        case .value(let value): return value
        case .tuple(let items, _):
            return .tuple(try items.map { try resolve($0, depth: depth + 1, open: &open) })
        case .list(let box):
            guard open.insert(ObjectIdentifier(box)).inserted else {
                throw failure("malformed pickle: a list contains itself")
            }
            defer { open.remove(ObjectIdentifier(box)) }
            return .list(try box.items.map { try resolve($0, depth: depth + 1, open: &open) })
        case .object(let box):
            switch box.state {
            case .dtype(let type): return .dtype(type)
            case .array(let array): return .ndarray(array)
            case .emptyArray: throw failure("malformed pickle: numpy array without data (no BUILD) before byte \(position)")
            }
        }
    }

    func tooDeep() -> DatasetError {
        failure("malformed pickle: values nested more than \(Pickle.maximumDepth) levels deep, at byte \(opcodeStart)")
    }

    // MARK: Reading

    func failure(_ problem: String) -> DatasetError { DatasetError(file: file, problem: problem) }

    /// The next `count` bytes, as a view: no copy of the 150 MB image block.
    mutating func readBytes(_ count: Int) throws -> ArraySlice<UInt8> {
        guard count >= 0, count <= bytes.count - position else {
            throw failure("pickle ends early: the opcode at byte \(opcodeStart) needs \(count) bytes, only \(bytes.count - position) remain")
        }
        defer { position += count }
        return bytes[position..<(position + count)]
    }

    mutating func readByte() throws -> UInt8 {
        guard position < bytes.count else {
            throw failure("pickle ends early at byte \(position) (no STOP opcode)")
        }
        defer { position += 1 }
        return bytes[position]
    }

    mutating func readUInt16() throws -> UInt16 {
        try readBytes(2).reversed().reduce(0) { $0 << 8 | UInt16($1) }
    }

    mutating func readUInt32() throws -> UInt32 {
        try readBytes(4).reversed().reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// A 4-byte length prefix (BINSTRING's is signed; negative is corrupt).
    mutating func readLength() throws -> Int {
        let length = Int(Int32(bitPattern: try readUInt32()))
        guard length >= 0 else { throw failure("malformed pickle: negative length at byte \(opcodeStart)") }
        return length
    }

    /// A newline-terminated ASCII line (GLOBAL's module and name).
    mutating func readLine() throws -> String {
        guard let end = bytes[position...].prefix(256).firstIndex(of: 0x0a) else {
            throw failure("malformed pickle: unterminated GLOBAL name at byte \(opcodeStart)")
        }
        defer { position = end + 1 }
        return String(decoding: bytes[position..<end], as: UTF8.self)
    }
}

/// The protocol 2 opcodes this unpickler understands (names as in pickletools).
private enum Opcode {
    static let proto: UInt8 = 0x80
    static let stop = UInt8(ascii: ".")
    static let global = UInt8(ascii: "c")
    static let binput = UInt8(ascii: "q")
    static let longBinput = UInt8(ascii: "r")
    static let binget = UInt8(ascii: "h")
    static let longBinget = UInt8(ascii: "j")
    static let mark = UInt8(ascii: "(")
    static let tuple = UInt8(ascii: "t")
    static let tuple1: UInt8 = 0x85
    static let tuple2: UInt8 = 0x86
    static let tuple3: UInt8 = 0x87
    static let emptyTuple = UInt8(ascii: ")")
    static let binint = UInt8(ascii: "J")
    static let binint1 = UInt8(ascii: "K")
    static let binint2 = UInt8(ascii: "M")
    static let shortBinstring = UInt8(ascii: "U")
    static let binstring = UInt8(ascii: "T")
    static let binunicode = UInt8(ascii: "X")
    static let none = UInt8(ascii: "N")
    static let newtrue: UInt8 = 0x88
    static let newfalse: UInt8 = 0x89
    static let emptyList = UInt8(ascii: "]")
    static let append = UInt8(ascii: "a")
    static let appends = UInt8(ascii: "e")
    static let reduce = UInt8(ascii: "R")
    static let build = UInt8(ascii: "b")
}
