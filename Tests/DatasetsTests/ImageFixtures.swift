import CPNG
import CTurboJPEG
import Foundation
import XCTest

/// Small images written by the tests themselves: JPEG through libjpeg-turbo, PNG through libpng.
enum ImageFixtures {
    /// Encodes interleaved pixels (3 channels, or 1 for greyscale) as a baseline JPEG.
    static func jpeg(width: Int, height: Int, pixels: [UInt8], grey: Bool = false, quality: Int32 = 95) -> [UInt8] {
        let handle = tjInitCompress()!
        defer { tjDestroy(handle) }
        var buffer: UnsafeMutablePointer<UInt8>? = nil
        var size: UInt = 0
        let format = grey ? TJPF_GRAY : TJPF_RGB
        let sampling = grey ? TJSAMP_GRAY : TJSAMP_444
        let status = pixels.withUnsafeBufferPointer {
            tjCompress2(handle, $0.baseAddress, Int32(width), 0, Int32(height), Int32(format.rawValue),
                        &buffer, &size, Int32(sampling.rawValue), quality, 0)
        }
        precondition(status == 0, "fixture JPEG encoding failed")
        defer { tjFree(buffer) }
        return Array(UnsafeBufferPointer(start: buffer, count: Int(size)))
    }

    /// A PNG with an alpha channel: left half opaque red, right half fully transparent.
    static func pngWithAlpha(side: Int) -> [UInt8] {
        var rgba = [UInt8](repeating: 0, count: side * side * 4)
        for y in 0..<side { for x in 0..<(side / 2) { rgba.replaceSubrange((y * side + x) * 4..<(y * side + x) * 4 + 4, with: [255, 0, 0, 255]) } }
        var image = png_image()
        image.version = png_uint_32(cpng_image_version)
        image.width = png_uint_32(side)
        image.height = png_uint_32(side)
        image.format = png_uint_32(cpng_format_rgba)
        var size = 0
        precondition(png_image_write_to_memory(&image, nil, &size, 0, rgba, 0, nil) != 0, "fixture PNG sizing failed")
        var bytes = [UInt8](repeating: 0, count: size)
        let written = bytes.withUnsafeMutableBytes { png_image_write_to_memory(&image, $0.baseAddress, &size, 0, rgba, 0, nil) }
        precondition(written != 0, "fixture PNG encoding failed")
        return Array(bytes.prefix(size))
    }

    /// Horizontal ramp: red = x, green = y, blue constant.
    static func ramp(width: Int, height: Int) -> [UInt8] {
        var pixels: [UInt8] = []
        for y in 0..<height { for x in 0..<width { pixels += [UInt8(x * 255 / max(width - 1, 1)), UInt8(y * 255 / max(height - 1, 1)), 128] } }
        return pixels
    }

    static func write(_ bytes: [UInt8], to path: String) {
        try! FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
    }

    static func temporaryDirectory() -> String {
        let path = NSTemporaryDirectory() + "a1report-images-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
