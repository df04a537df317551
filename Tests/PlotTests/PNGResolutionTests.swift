import Foundation
import XCTest
@testable import Plot

/// A PNG says how large it is meant to be: Cairo writes no pHYs chunk, so
/// without one a viewer or a word processor takes the pixels for 72 or 96 dpi
/// and shows a scale-2 figure twice its size.
final class PNGResolutionTests: XCTestCase {
    func figure() -> Figure {
        let figure = Figure(width: 200, height: 100)
        figure.addAxes().line(y: [1, 2, 3])
        return figure
    }

    func testPNGDeclaresSeventyTwoDotsPerInchPerScaleUnit() throws {
        for (scale, dpi) in [(1.0, 72.0), (2.0, 144.0), (3.0, 216.0)] {
            let png = try figure().pngData(scale: scale)
            let chunk = try XCTUnwrap(Self.chunks(png).first { $0.type == "pHYs" }, "scale \(scale): no pHYs chunk")
            XCTAssertEqual(chunk.data.count, 9)
            let perMetre = chunk.data.prefix(4).reduce(0) { $0 << 8 | UInt32($1) }
            let perMetreY = chunk.data.dropFirst(4).prefix(4).reduce(0) { $0 << 8 | UInt32($1) }
            XCTAssertEqual(perMetre, perMetreY, "square pixels")
            XCTAssertEqual(chunk.data.last, 1, "unit: the metre")
            XCTAssertEqual(Double(perMetre) * 0.0254, dpi, accuracy: 0.01)
            XCTAssertEqual(try XCTUnwrap(PNGResolution.dotsPerInch(of: png)), dpi, accuracy: 0.01)
        }
    }

    /// The chunk sits before the image data, as the PNG specification requires,
    /// its CRC is right, and the file still decodes to the same pixels.
    func testTheChunkIsWellFormed() throws {
        let png = try figure().pngData(scale: 2)
        let chunks = Self.chunks(png)
        let types = chunks.map(\.type)
        XCTAssertEqual(types.first, "IHDR")
        XCTAssertEqual(types.filter { $0 == "pHYs" }.count, 1)
        XCTAssertLessThan(try XCTUnwrap(types.firstIndex(of: "pHYs")), try XCTUnwrap(types.firstIndex(of: "IDAT")))
        for chunk in chunks {
            XCTAssertEqual(chunk.crc, Self.crc32(Array(chunk.type.utf8) + chunk.data), "CRC of \(chunk.type)")
        }
        let decoded = try RasterImage(png: png)
        XCTAssertEqual(decoded, try figure().rasterize(scale: 2))
    }

    func testWithoutAChunkTheResolutionIsUnknown() throws {
        let png = try figure().pngData(scale: 2)
        let stripped = Self.chunks(png).filter { $0.type != "pHYs" }
        var bytes = Data(png.prefix(8))
        for chunk in stripped { bytes += Self.encode(chunk) }
        XCTAssertNil(PNGResolution.dotsPerInch(of: bytes))
        XCTAssertNil(PNGResolution.dotsPerInch(of: Data([1, 2, 3])))
    }

    // MARK: an independent reading of the PNG format

    struct Chunk {
        var type: String
        var data: [UInt8]
        var crc: UInt32
    }

    static func chunks(_ png: Data) -> [Chunk] {
        let bytes = [UInt8](png)
        var chunks: [Chunk] = []
        var i = 8
        func word(_ at: Int) -> UInt32 { bytes[at..<at + 4].reduce(0) { $0 << 8 | UInt32($1) } }
        while i + 12 <= bytes.count {
            let length = Int(word(i))
            guard i + 12 + length <= bytes.count else { break }
            let type = String(decoding: bytes[i + 4..<i + 8], as: UTF8.self)
            chunks.append(Chunk(type: type, data: Array(bytes[i + 8..<i + 8 + length]), crc: word(i + 8 + length)))
            i += 12 + length
        }
        return chunks
    }

    static func encode(_ chunk: Chunk) -> Data {
        func word(_ v: UInt32) -> [UInt8] { [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: v >> $0) } }
        return Data(word(UInt32(chunk.data.count)) + Array(chunk.type.utf8) + chunk.data + word(chunk.crc))
    }

    /// Bitwise CRC-32 (ISO 3309), as the PNG specification's sample code computes it.
    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? 0xEDB8_8320 ^ (crc >> 1) : crc >> 1 }
        }
        return crc ^ 0xFFFF_FFFF
    }
}
