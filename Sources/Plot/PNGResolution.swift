import CZlib
import Foundation

// The physical size of a PNG. Cairo writes no pHYs chunk, so without one a
// viewer, a word processor or a page layout takes the pixels for 72 or 96 dpi
// and shows a figure drawn at 2 pixels per point twice as large as intended.
// A figure of W points drawn at `scale` pixels per point is W × scale pixels
// wide, which is W / 72 inches at 72 × scale dots per inch.

public enum PNGResolution {
    /// Dots per inch of a PNG drawn at `scale` device pixels per point.
    public static func dotsPerInch(scale: Double) -> Double { 72 * scale }

    /// `png` with a pHYs chunk declaring `dotsPerInch` (replacing any it had),
    /// right after IHDR: the specification wants it before the first IDAT.
    static func declaring(dotsPerInch: Double, in png: Data) throws -> Data {
        let chunks = try PNGChunks(png)
        guard let header = chunks.ranges.first, chunks.type(at: header) == "IHDR" else {
            throw PlotError.invalidPNG(reason: "IHDR is not the first chunk")
        }
        let perMetre = UInt32((dotsPerInch / 0.0254).rounded())
        var out = Data(png.prefix(header.upperBound))
        out += chunk("pHYs", bigEndian(perMetre) + bigEndian(perMetre) + [1])
        for range in chunks.ranges.dropFirst() where chunks.type(at: range) != "pHYs" {
            out += png[range]
        }
        return out
    }

    /// The horizontal resolution a PNG declares, in dots per inch; nil when it
    /// declares none (or only an aspect ratio), or is not a PNG.
    public static func dotsPerInch(of png: Data) -> Double? {
        guard let chunks = try? PNGChunks(png) else { return nil }
        for range in chunks.ranges where chunks.type(at: range) == "pHYs" {
            let body = png[(range.lowerBound + 8)..<(range.upperBound - 4)]
            guard body.count == 9, body.last == 1 else { return nil }
            let perMetre = body.prefix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            return perMetre > 0 ? Double(perMetre) * 0.0254 : nil
        }
        return nil
    }

    private static func chunk(_ type: String, _ body: [UInt8]) -> Data {
        let typed = Array(type.utf8) + body
        let crc = typed.withUnsafeBufferPointer { UInt32(crc32(0, $0.baseAddress, uInt($0.count))) }
        return Data(bigEndian(UInt32(body.count)) + typed + bigEndian(crc))
    }

    private static func bigEndian(_ value: UInt32) -> [UInt8] {
        [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: value >> $0) }
    }
}

/// The byte ranges of a PNG's chunks (length, type, data and CRC each), checked
/// against the file's size.
struct PNGChunks {
    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
    let png: Data
    let ranges: [Range<Int>]

    init(_ png: Data) throws {
        guard png.count >= 8, Array(png.prefix(8)) == Self.signature else {
            throw PlotError.invalidPNG(reason: "no PNG signature")
        }
        self.png = png
        var ranges: [Range<Int>] = []
        var offset = png.startIndex + 8
        while offset + 12 <= png.endIndex {
            let length = png[offset..<(offset + 4)].reduce(0) { $0 << 8 | Int($1) }
            guard length <= png.endIndex - offset - 12 else { throw PlotError.invalidPNG(reason: "a chunk runs past the end") }
            ranges.append(offset..<(offset + 12 + length))
            offset += 12 + length
        }
        self.ranges = ranges
    }

    func type(at range: Range<Int>) -> String {
        String(decoding: png[(range.lowerBound + 4)..<(range.lowerBound + 8)], as: UTF8.self)
    }
}
