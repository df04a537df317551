import CZlib
import Foundation
import XCTest
@testable import Datasets

/// PNG decoding through libpng: colours as written, transparency onto white,
/// and damaged or oversized files refused with the file's name.
final class PNGDecoderTests: XCTestCase {
    func testAnRGBAImageComesBackAsRGBOverWhite() throws {
        let image = try PNGDecoder.decode(ImageFixtures.pngWithAlpha(side: 8), file: "a.png")
        XCTAssertEqual([image.width, image.height], [8, 8])
        XCTAssertEqual(Array(image.pixels[0..<3]), [255, 0, 0], "opaque red stays red")
        let right = (0 * 8 + 7) * 3
        XCTAssertEqual(Array(image.pixels[right..<right + 3]), [255, 255, 255], "transparent shows white")
    }

    func testATruncatedFileIsAOneLineErrorNamingIt() {
        let bytes = ImageFixtures.pngWithAlpha(side: 16)
        XCTAssertThrowsError(try PNGDecoder.decode(Array(bytes.prefix(bytes.count / 2)), file: "cut.png")) { error in
            let message = "\(error)"
            XCTAssertTrue(message.contains("cut.png") && message.contains("PNG data is damaged"), message)
            XCTAssertFalse(message.contains("\n"), message)
        }
    }

    /// A header that claims ten billion pixels is refused before anything is allocated for them.
    func testAnOversizedHeaderIsRefused() {
        XCTAssertThrowsError(try PNGDecoder.decode(Self.header(width: 100_000, height: 100_000), file: "huge.png")) { error in
            XCTAssertTrue("\(error)".contains("huge.png") && "\(error)".contains("larger than"), "\(error)")
        }
    }

    /// The signature, an IHDR chunk (8-bit RGB), an empty IDAT and IEND: a
    /// header libpng reads in full, with no pixels behind it.
    static func header(width: UInt32, height: UInt32) -> [UInt8] {
        func bigEndian(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: value >> (24 - 8 * $0)) } }
        func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
            let body = Array(type.utf8) + data
            let crc = body.withUnsafeBufferPointer { UInt32(crc32(0, $0.baseAddress, uInt($0.count))) }
            return bigEndian(UInt32(data.count)) + body + bigEndian(crc)
        }
        return PNGDecoder.signature + chunk("IHDR", bigEndian(width) + bigEndian(height) + [8, 2, 0, 0, 0])
            + chunk("IDAT", []) + chunk("IEND", [])
    }
}
