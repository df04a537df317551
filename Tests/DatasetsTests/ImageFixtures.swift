import CCairo
import CTurboJPEG
import Foundation

/// Small images written by the tests themselves: JPEG through libjpeg-turbo, PNG through Cairo.
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
        let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(side), Int32(side))!
        defer { cairo_surface_destroy(surface) }
        let cr = cairo_create(surface)!
        cairo_set_source_rgba(cr, 1, 0, 0, 1)
        cairo_rectangle(cr, 0, 0, Double(side) / 2, Double(side))
        cairo_fill(cr)
        cairo_destroy(cr)
        var bytes: [UInt8] = []
        withUnsafeMutablePointer(to: &bytes) { pointer in
            _ = cairo_surface_write_to_png_stream(surface, { closure, data, length in
                let out = closure!.assumingMemoryBound(to: [UInt8].self)
                out.pointee += UnsafeBufferPointer(start: data, count: Int(length))
                return CAIRO_STATUS_SUCCESS
            }, pointer)
        }
        return bytes
    }

    /// Horizontal ramp: red = x, green = y, blue constant.
    static func ramp(width: Int, height: Int) -> [UInt8] {
        var pixels: [UInt8] = []
        for y in 0..<height { for x in 0..<width { pixels += [UInt8(x * 255 / max(width - 1, 1)), UInt8(y * 255 / max(height - 1, 1)), 128] } }
        return pixels
    }

    static func write(_ bytes: [UInt8], to path: String) {
        try! FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
    }

    static func temporaryDirectory() -> String {
        let path = NSTemporaryDirectory() + "a1report-images-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
