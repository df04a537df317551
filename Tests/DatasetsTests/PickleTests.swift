import XCTest

@testable import Datasets

final class PickleTests: XCTestCase {
    func testTinyDigitsPickleDecodesExactly() throws {
        let value = try Pickle.load(TinyDigits.pickle, file: "tiny.pkl")
        let parts = try XCTUnwrap(value.tupleItems)
        XCTAssertEqual(parts.count, 3)
        let expected = [TinyDigits.train, TinyDigits.valid, TinyDigits.test]
        for (part, want) in zip(parts, expected) {
            let pair = try XCTUnwrap(part.tupleItems)
            let images = try XCTUnwrap(pair[0].array)
            let labels = try XCTUnwrap(pair[1].array)
            XCTAssertEqual(images.shape, [want.labels.count, TinyDigits.width])
            XCTAssertEqual(images.dtype, .float32)
            XCTAssertEqual(images.floatValues(), want.images)
            XCTAssertEqual(labels.shape, [want.labels.count])
            XCTAssertEqual(labels.dtype, .int64)
            XCTAssertEqual(labels.intValues(), want.labels.map(Int.init))
        }
    }

    /// The second and later arrays reuse the dtype memoised before its BUILD;
    /// the memo must see the built dtype. Checked through the writer's BINGETs.
    func testMemoisedDtypeIsReusedAfterBuild() throws {
        let bytes = TinyDigits.pickle
        let bingets = zip(bytes, bytes.dropFirst()).filter { $0.0 == 0x68 }.count
        XCTAssertGreaterThan(bingets, 10)
        XCTAssertNoThrow(try Pickle.load(bytes, file: "tiny.pkl"))
    }

    func testOtherSupportedTypes() throws {
        var w = NumpyPickleWriter()
        w.op("(")
        w.array(shape: [2], dtype: "f8", data: [0.5, -2.0].flatMap { littleEndian($0.bitPattern) })
        w.array(shape: [3], dtype: "i4", data: [Int32(-1), 7, 70000].flatMap { littleEndian(UInt32(bitPattern: $0)) })
        w.array(shape: [2, 2], dtype: "u1", byteOrder: "|", data: [0, 1, 254, 255])
        w.array(shape: [], dtype: "f4", data: littleEndian(Float(3.5).bitPattern))
        w.array(shape: [1, 1, 1, 2], dtype: "i8", data: [Int64(-3), 1 << 40].flatMap { littleEndian(UInt64(bitPattern: $0)) })
        w.op("t")
        w.stop()
        let items = try XCTUnwrap(Pickle.load(w.bytes, file: "t.pkl").tupleItems)
        XCTAssertEqual(items.count, 5)
        XCTAssertEqual(items[0].array?.floatValues(), [0.5, -2])
        XCTAssertNil(items[0].array?.intValues())
        XCTAssertEqual(items[1].array?.intValues(), [-1, 7, 70000])
        XCTAssertEqual(items[2].array?.shape, [2, 2])
        XCTAssertEqual(items[2].array?.intValues(), [0, 1, 254, 255])
        XCTAssertNil(items[2].array?.floatValues())
        XCTAssertEqual(items[3].array?.shape, [])
        XCTAssertEqual(items[3].array?.floatValues(), [3.5])
        XCTAssertEqual(items[4].array?.shape, [1, 1, 1, 2])
        XCTAssertEqual(items[4].array?.intValues(), [-3, 1 << 40])
    }

    func testScalarsStringsListsAndLongMemo() throws {
        var bytes: [UInt8] = [0x80, 2, UInt8(ascii: "]")]  // PROTO 2, EMPTY_LIST
        bytes += [UInt8(ascii: "r")] + littleEndian(UInt32(300))  // LONG_BINPUT 300
        bytes += [UInt8(ascii: "(")]  // MARK
        bytes += [UInt8(ascii: "N"), 0x88, 0x89]  // None, True, False
        bytes += [UInt8(ascii: "J")] + littleEndian(UInt32(bitPattern: -5))  // BININT -5
        bytes += [UInt8(ascii: "M"), 0x34, 0x12]  // BININT2 0x1234
        bytes += [UInt8(ascii: "X")] + littleEndian(UInt32(3)) + Array("é!".utf8)  // BINUNICODE
        bytes += [UInt8(ascii: "U"), 2, 0x3c, 0x66]  // SHORT_BINSTRING '<f'
        bytes += [UInt8(ascii: ")")]  // EMPTY_TUPLE
        bytes += [UInt8(ascii: "e")]  // APPENDS
        bytes += [UInt8(ascii: "j")] + littleEndian(UInt32(300))  // LONG_BINGET 300: same list
        bytes += [0x86, UInt8(ascii: ".")]  // TUPLE2, STOP
        let value = try Pickle.load(bytes, file: "t.pkl")
        let list = PickleValue.list([.none, .bool(true), .bool(false), .int(-5), .int(0x1234), .string("é!"), .bytes([0x3c, 0x66]), .tuple([])])
        XCTAssertEqual(value, .tuple([list, list]))
    }

    // MARK: Refusals, each naming the file and the place

    func testUnknownOpcodeGivesItsOffset() {
        var bytes = TinyDigits.pickle
        bytes.insert(UInt8(ascii: "}"), at: 2)  // EMPTY_DICT: not supported
        assertProblem(bytes, is: "unsupported pickle opcode 0x7d ('}') at byte 2")
    }

    func testWrongArraySize() {
        var w = NumpyPickleWriter()
        w.array(shape: [2, 3], dtype: "f4", data: [UInt8](repeating: 0, count: 20))
        w.stop()
        assertProblem(w.bytes, contains: "numpy f4 array of shape [2, 3] needs 24 bytes but has 20")
    }

    func testBigEndianRefused() {
        var w = NumpyPickleWriter()
        w.array(shape: [1], dtype: "f4", byteOrder: ">", data: [0, 0, 0, 0])
        w.stop()
        assertProblem(w.bytes, contains: "unsupported big-endian numpy dtype f4")
    }

    func testNoByteOrderOnlyForSingleBytes() {
        var w = NumpyPickleWriter()
        w.array(shape: [1], dtype: "i4", byteOrder: "|", data: [0, 0, 0, 0])
        w.stop()
        assertProblem(w.bytes, contains: "byte order '|'")
    }

    func testFortranOrderRefused() {
        var w = NumpyPickleWriter()
        w.array(shape: [2, 2], dtype: "u1", byteOrder: "|", fortran: true, data: [1, 2, 3, 4])
        w.stop()
        assertProblem(w.bytes, contains: "unsupported Fortran-ordered numpy array [2, 2]")
    }

    func testUnsupportedDtypeRefused() {
        var w = NumpyPickleWriter()
        w.array(shape: [1], dtype: "c16", data: [UInt8](repeating: 0, count: 16))
        w.stop()
        assertProblem(w.bytes, contains: "unsupported numpy dtype 'c16'")
    }

    func testOnlyWhitelistedGlobals() {
        var w = NumpyPickleWriter()
        w.global("os", "system")
        w.shortString("echo pwned")
        w.tuple(1)
        w.op("R")
        w.stop()
        assertProblem(w.bytes, is: "refusing to load os.system at pickle byte 2 (only numpy arrays are supported)")
    }

    func testOtherProtocolsRefused() {
        assertProblem([0x80, 4, UInt8(ascii: "N"), UInt8(ascii: ".")], contains: "unsupported pickle protocol 4")
    }

    func testTruncatedPickle() {
        let bytes = TinyDigits.pickle
        assertProblem(Array(bytes.prefix(bytes.count - 1)), contains: "pickle ends early at byte \(bytes.count - 1)")
        var w = NumpyPickleWriter()
        w.array(shape: [3], dtype: "u1", byteOrder: "|", data: [1, 2, 3])
        // The array ends with BINSTRING (1 + 4 bytes), its 3 data bytes, TUPLE, BUILD.
        let binstring = w.bytes.count - 2 - 3 - 5
        assertProblem(Array(w.bytes.prefix(binstring + 6)), is: "pickle ends early: the opcode at byte \(binstring) needs 3 bytes, only 1 remain")
    }

    func testStackUnderflow() {
        assertProblem([0x80, 2, 0x87, UInt8(ascii: ".")], is: "malformed pickle: stack underflow at byte 2")
    }

    private func assertProblem(
        _ bytes: [UInt8], is expected: String? = nil, contains fragment: String? = nil, line: UInt = #line
    ) {
        XCTAssertThrowsError(try Pickle.load(bytes, file: "data/p.pkl"), line: line) { error in
            guard let error = error as? DatasetError else { return XCTFail("not a DatasetError: \(error)", line: line) }
            XCTAssertEqual(error.file, "data/p.pkl", line: line)
            if let expected { XCTAssertEqual(error.problem, expected, line: line) }
            if let fragment { XCTAssertTrue(error.problem.contains(fragment), error.description, line: line) }
        }
    }
}
