import CCairo

/// PNG through Cairo's reader. Cairo hands back premultiplied ARGB32;
/// transparent parts are composited over white, the usual way to show them.
enum PNGDecoder {
    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    static func isPNG(_ bytes: [UInt8]) -> Bool { bytes.starts(with: signature) }

    static func decode(_ bytes: [UInt8], file: String) throws -> RGBImage {
        var reader = ByteReader(bytes: bytes)
        let surface = withUnsafeMutablePointer(to: &reader) { pointer in
            cairo_image_surface_create_from_png_stream({ closure, data, length in
                let reader = closure!.assumingMemoryBound(to: ByteReader.self)
                return reader.pointee.read(into: data!, count: Int(length)) ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_READ_ERROR
            }, pointer)
        }
        defer { cairo_surface_destroy(surface) }
        let status = cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS else {
            throw DatasetError(file: file, problem: "PNG data is damaged (\(String(cString: cairo_status_to_string(status))))")
        }
        return rgb(from: surface!)
    }

    private static func rgb(from surface: OpaquePointer) -> RGBImage {
        cairo_surface_flush(surface)
        let width = Int(cairo_image_surface_get_width(surface)), height = Int(cairo_image_surface_get_height(surface))
        let stride = Int(cairo_image_surface_get_stride(surface))
        let data = cairo_image_surface_get_data(surface)!
        let hasAlpha = cairo_image_surface_get_format(surface) == CAIRO_FORMAT_ARGB32
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        for y in 0..<height {
            let row = (data + y * stride).withMemoryRebound(to: UInt32.self, capacity: width) { $0 }
            for x in 0..<width {
                let argb = row[x]
                let alpha = hasAlpha ? Int(argb >> 24) : 255
                for (c, shift) in [16, 8, 0].enumerated() {
                    // Premultiplied colour plus the white that shows through.
                    let premultiplied = Int((argb >> UInt32(shift)) & 0xFF)
                    pixels[(y * width + x) * 3 + c] = UInt8(min(255, premultiplied + (255 - alpha)))
                }
            }
        }
        return RGBImage(width: width, height: height, pixels: pixels)
    }
}

/// Feeds Cairo's PNG reader from memory.
private struct ByteReader {
    let bytes: [UInt8]
    var offset = 0

    mutating func read(into target: UnsafeMutablePointer<UInt8>, count: Int) -> Bool {
        guard offset + count <= bytes.count else { return false }
        bytes.withUnsafeBufferPointer { target.update(from: $0.baseAddress! + offset, count: count) }
        offset += count
        return true
    }
}
