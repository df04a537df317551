import CPNG

/// PNG through libpng's simplified API, which reads any PNG (palette, grey,
/// 16-bit, interlaced) into 8-bit RGB and composes transparent parts onto
/// white, the usual way to show them.
enum PNGDecoder {
    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
    /// Larger images are refused before any memory is set aside for them: a
    /// damaged or hostile header may claim billions of pixels.
    static let maximumPixels = 1 << 26

    static func isPNG(_ bytes: [UInt8]) -> Bool { bytes.starts(with: signature) }

    static func decode(_ bytes: [UInt8], file: String) throws -> RGBImage {
        var image = png_image()
        image.version = png_uint_32(cpng_image_version)
        defer { png_image_free(&image) }
        let opened = bytes.withUnsafeBytes { png_image_begin_read_from_memory(&image, $0.baseAddress, $0.count) }
        guard opened != 0 else { throw damaged(image, file: file) }
        image.format = png_uint_32(cpng_format_rgb)
        let width = Int(image.width), height = Int(image.height)
        let (rowBytes, rowOverflow) = width.multipliedReportingOverflow(by: 3)
        let (pixelCount, countOverflow) = width.multipliedReportingOverflow(by: height)
        guard !rowOverflow, !countOverflow, pixelCount <= maximumPixels, rowBytes <= Int(Int32.max) else {
            throw DatasetError(file: file, problem: "PNG of \(width)×\(height) pixels is larger than \(maximumPixels) pixels")
        }
        var pixels = [UInt8](repeating: 0, count: pixelCount * 3)
        var white = png_color(red: 255, green: 255, blue: 255)
        let finished = pixels.withUnsafeMutableBytes { png_image_finish_read(&image, &white, $0.baseAddress, png_int_32(rowBytes), nil) }
        guard finished != 0 else { throw damaged(image, file: file) }
        return RGBImage(width: width, height: height, pixels: pixels)
    }

    /// libpng's own words for what is wrong, kept in the image's message buffer.
    private static func damaged(_ image: png_image, file: String) -> DatasetError {
        var message = image.message
        let reason = withUnsafeBytes(of: &message) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        return DatasetError(file: file, problem: "PNG data is damaged (\(reason.isEmpty ? "unreadable" : reason))")
    }
}
