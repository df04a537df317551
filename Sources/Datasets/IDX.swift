import Tensor

/// The IDX format of the (Fashion-)MNIST distribution files: a big-endian
/// header `00 00 <type> <rank>`, `rank` big-endian UInt32 dimensions, then
/// the elements. Only unsigned bytes (type 0x08) occur in these datasets.
public enum IDX {
    /// An IDX file's dimensions and its unsigned-byte elements.
    public struct ByteArray: Equatable, Sendable {
        public var shape: [Int]
        public var bytes: [UInt8]
    }

    /// Magic numbers of the two kinds of file: `00 00 08 03` and `00 00 08 01`.
    public static let imagesMagic: UInt32 = 0x0000_0803
    public static let labelsMagic: UInt32 = 0x0000_0801
    static let unsignedByteType: UInt8 = 0x08

    /// Reads an IDX file, gzipped (by its 1f 8b magic) or plain.
    public static func read(path: String, expectedMagic: UInt32) throws -> ByteArray {
        let contents = try FileBytes.read(path, missingHint: FashionMNIST.installHint)
        return try parse(contents, file: path, expectedMagic: expectedMagic)
    }

    /// Parses IDX bytes (gzipped or plain); `file` labels errors.
    public static func parse(_ contents: [UInt8], file: String, expectedMagic: UInt32) throws -> ByteArray {
        let raw = Gzip.isGzip(contents) ? try Gzip.decompress(contents, file: file) : contents
        let shape = try header(raw, file: file, expectedMagic: expectedMagic)
        let start = 4 + 4 * shape.count
        let dims = shape.map(String.init).joined(separator: "×")
        guard let expected = elementCount(shape) else {
            throw DatasetError(file: file, problem: "IDX header says \(dims), which has more elements than memory can hold")
        }
        guard raw.count - start == expected else {
            throw DatasetError(
                file: file,
                problem: "IDX header says \(dims) = \(expected) bytes of data, but the file has \(raw.count - start)")
        }
        return ByteArray(shape: shape, bytes: Array(raw[start...]))
    }

    /// The dimensions, after checking the magic and the element type.
    static func header(_ raw: [UInt8], file: String, expectedMagic: UInt32) throws -> [Int] {
        guard raw.count >= 4 else {
            throw DatasetError(file: file, problem: "too short for an IDX header (\(raw.count) bytes)")
        }
        let magic = bigEndianUInt32(raw, at: 0)
        let expectedRank = Int(expectedMagic & 0xff)
        guard raw[0] == 0, raw[1] == 0, Int(raw[3]) == expectedRank else {
            throw DatasetError(
                file: file,
                problem: "wrong IDX magic number 0x\(hex(magic)) (expected 0x\(hex(expectedMagic)), a rank-\(expectedRank) unsigned-byte file)")
        }
        guard raw[2] == unsignedByteType else {
            throw DatasetError(
                file: file, problem: "unsupported IDX data type code 0x\(Gzip.hexByte(raw[2])) (only 0x08, unsigned bytes)")
        }
        guard raw.count >= 4 + 4 * expectedRank else {
            throw DatasetError(file: file, problem: "IDX header cut short (\(raw.count) bytes)")
        }
        return (0..<expectedRank).map { Int(bigEndianUInt32(raw, at: 4 + 4 * $0)) }
    }

    /// Images and labels from a pair of files, checked against each other:
    /// pixel bytes are scaled to [0, 1].
    public static func labelledImages(imagesPath: String, labelsPath: String, classCount: Int) throws -> LabelledImages {
        let images = try read(path: imagesPath, expectedMagic: imagesMagic)
        try requireImages(images, file: imagesPath)
        let labels = try read(path: labelsPath, expectedMagic: labelsMagic)
        return try combine(images: images, labels: labels, labelsFile: labelsPath, classCount: classCount)
    }

    /// An images file with no image would give a split whose accuracy is 0/0
    /// (and a [0, h, w] header would not even make an image set).
    static func requireImages(_ images: ByteArray, file: String) throws {
        guard images.shape.first != 0 else {
            let dims = images.shape.map(String.init).joined(separator: "×")
            throw DatasetError(file: file, problem: "no images (the IDX header says \(dims)); every split needs at least one")
        }
    }

    static func combine(images: ByteArray, labels: ByteArray, labelsFile: String, classCount: Int) throws -> LabelledImages {
        let count = images.shape[0]
        guard labels.shape[0] == count else {
            throw DatasetError(file: labelsFile, problem: "has \(labels.shape[0]) labels but the image file has \(count) images")
        }
        if let bad = labels.bytes.firstIndex(where: { Int($0) >= classCount }) {
            throw DatasetError(
                file: labelsFile, problem: "label \(labels.bytes[bad]) at index \(bad) is outside 0..<\(classCount)")
        }
        let pixels = count == 0 ? 0 : images.bytes.count / count
        return LabelledImages(
            images: Tensor(shape: [count, pixels], scalars: unitFloats(images.bytes)),
            labels: labels.bytes.map(Int.init),
            imageShape: [1] + images.shape.dropFirst(),
            classCount: classCount)
    }

    /// byte / 255 through a 256-entry table, so every loader maps a byte to
    /// exactly the same Float (and debug builds stay quick).
    static func unitFloats(_ bytes: [UInt8]) -> [Float] {
        let table = (0..<256).map { Float($0) / 255 }
        return table.withUnsafeBufferPointer { lookup in
            bytes.withUnsafeBufferPointer { source in
                [Float](unsafeUninitializedCapacity: source.count) { out, initialised in
                    // A `while` loop: unoptimised builds pay a call per range step.
                    var i = 0
                    while i < source.count {
                        out[i] = lookup[Int(source[i])]
                        i &+= 1
                    }
                    initialised = source.count
                }
            }
        }
    }

    static func bigEndianUInt32(_ raw: [UInt8], at offset: Int) -> UInt32 {
        raw[offset..<(offset + 4)].reduce(0) { $0 << 8 | UInt32($1) }
    }

    static func hex(_ value: UInt32) -> String {
        (0..<4).map { Gzip.hexByte(UInt8(truncatingIfNeeded: value >> (24 - 8 * $0))) }.joined()
    }
}
