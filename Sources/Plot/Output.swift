import AtomicWrite
import CCairo
import Foundation

// Encoding a figure to PNG, SVG or PDF, and writing files atomically.
// PNG and PDF go through Cairo surfaces, SVG through our own writer; all
// three run the same `Figure.draw(on:)` code.

/// Errors thrown by output functions; every case names the path involved.
public enum PlotError: Error, CustomStringConvertible, Equatable {
    case unsupportedFormat(path: String)
    case renderFailed(path: String, reason: String)
    case writeFailed(path: String, reason: String)
    case invalidPNG(reason: String)

    public var description: String {
        switch self {
        case .unsupportedFormat(let p): return "unsupported figure format for \(p) (use .png, .svg or .pdf)"
        case .renderFailed(let p, let r): return "could not render \(p): \(r)"
        case .writeFailed(let p, let r): return "could not write \(p): \(r)"
        case .invalidPNG(let r): return "invalid PNG data: \(r)"
        }
    }
}

/// Output file formats, chosen from the file extension.
public enum OutputFormat: String, CaseIterable, Sendable {
    case png, svg, pdf

    /// The format for a path's extension (case-insensitive), or nil.
    public init?(path: String) {
        let ext = (path as NSString).pathExtension.lowercased()
        self.init(rawValue: ext)
    }
}

extension Figure {
    /// Renders to an in-memory image at `scale` device pixels per point.
    public func rasterize(scale: Double = 2) throws -> RasterImage {
        let surface = try renderImageSurface(scale: scale)
        defer { cairo_surface_destroy(surface) }
        return rasterImage(from: surface)
    }

    /// PNG bytes; `scale` 2 gives a sharp image on high-density screens. The
    /// file declares 72 × `scale` dots per inch, so it prints and embeds at
    /// the figure's size in points whatever the scale.
    public func pngData(scale: Double = 2) throws -> Data {
        let surface = try renderImageSurface(scale: scale)
        defer { cairo_surface_destroy(surface) }
        return try PNGResolution.declaring(dotsPerInch: PNGResolution.dotsPerInch(scale: scale), in: encodePNG(surface: surface))
    }

    /// An SVG document with real `<text>` elements.
    public func svgString() -> String {
        let backend = SVGBackend(width: width, height: height)
        draw(on: backend)
        return backend.document()
    }

    /// PDF bytes without a creation date, so identical figures give identical files.
    public func pdfData() throws -> Data {
        let sink = ByteSink()
        let surface = cairo_pdf_surface_create_for_stream(writeToSink, Unmanaged.passUnretained(sink).toOpaque(), width, height)
        guard let surface, cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS else {
            throw PlotError.renderFailed(path: "<pdf>", reason: "cannot create PDF surface")
        }
        // An empty CreationDate makes Cairo omit the entry (it otherwise
        // stamps the current time and breaks reproducible builds).
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, "")
        do {
            let backend = CairoBackend(surface: surface, scale: 1, vector: true)
            draw(on: backend)
        }
        cairo_surface_finish(surface)
        let status = cairo_surface_status(surface)
        cairo_surface_destroy(surface)
        guard status == CAIRO_STATUS_SUCCESS else {
            throw PlotError.renderFailed(path: "<pdf>", reason: String(cString: cairo_status_to_string(status)))
        }
        return sink.data
    }

    /// Encoded bytes in the given format.
    public func data(format: OutputFormat, scale: Double = 2) throws -> Data {
        switch format {
        case .png: return try pngData(scale: scale)
        case .svg: return Data(svgString().utf8)
        case .pdf: return try pdfData()
        }
    }

    /// Writes the figure, choosing PNG, SVG or PDF from the extension. The
    /// file appears atomically: readers never see a half-written figure.
    /// `scale` only affects PNG.
    public func write(to path: String, scale: Double = 2) throws {
        guard let format = OutputFormat(path: path) else { throw PlotError.unsupportedFormat(path: path) }
        let bytes: Data
        do {
            bytes = try data(format: format, scale: scale)
        } catch PlotError.renderFailed(_, let reason) {
            throw PlotError.renderFailed(path: path, reason: reason)
        }
        try writeAtomically(bytes, to: path)
    }

    private func renderImageSurface(scale: Double) throws -> OpaquePointer {
        guard scale > 0, scale.isFinite else { throw PlotError.renderFailed(path: "<png>", reason: "scale must be positive") }
        let w = Int32((width * scale).rounded(.up)), h = Int32((height * scale).rounded(.up))
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, max(1, w), max(1, h)),
              cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS else {
            throw PlotError.renderFailed(path: "<png>", reason: "cannot create \(w)x\(h) image surface")
        }
        do {
            let backend = CairoBackend(surface: surface, scale: scale)
            draw(on: backend)
        }
        return surface
    }
}

/// Through the project's one atomic write, its errors in Plot's vocabulary.
func writeAtomically(_ data: Data, to path: String) throws {
    do {
        try AtomicFile.write(data, to: path)
    } catch let error as AtomicWriteError {
        throw PlotError.writeFailed(path: path, reason: error.problem)
    }
}

// MARK: PNG encoding and decoding through Cairo streams

private final class ByteSink { var data = Data() }

private let writeToSink: cairo_write_func_t = { closure, bytes, length in
    guard let closure, let bytes else { return CAIRO_STATUS_WRITE_ERROR }
    let sink = Unmanaged<ByteSink>.fromOpaque(closure).takeUnretainedValue()
    sink.data.append(bytes, count: Int(length))
    return CAIRO_STATUS_SUCCESS
}

private final class ByteSource {
    let data: Data
    var offset = 0
    init(_ data: Data) { self.data = data }
}

private let readFromSource: cairo_read_func_t = { closure, buffer, length in
    guard let closure, let buffer else { return CAIRO_STATUS_READ_ERROR }
    let src = Unmanaged<ByteSource>.fromOpaque(closure).takeUnretainedValue()
    let n = Int(length)
    guard src.offset + n <= src.data.count else { return CAIRO_STATUS_READ_ERROR }
    src.data.copyBytes(to: buffer, from: (src.data.startIndex + src.offset)..<(src.data.startIndex + src.offset + n))
    src.offset += n
    return CAIRO_STATUS_SUCCESS
}

func encodePNG(surface: OpaquePointer) throws -> Data {
    let sink = ByteSink()
    let status = cairo_surface_write_to_png_stream(surface, writeToSink, Unmanaged.passUnretained(sink).toOpaque())
    guard status == CAIRO_STATUS_SUCCESS else {
        throw PlotError.renderFailed(path: "<png>", reason: String(cString: cairo_status_to_string(status)))
    }
    return sink.data
}

/// PNG bytes for an RGBA image (used to embed images in SVG).
func encodePNG(_ image: RasterImage) throws -> Data {
    guard let s = makeImageSurface(image) else { throw PlotError.renderFailed(path: "<png>", reason: "cannot create image surface") }
    defer { cairo_surface_destroy(s) }
    return try encodePNG(surface: s)
}

extension RasterImage {
    /// Decodes PNG bytes (e.g. a rendered figure read back in a test).
    public init(png: Data) throws {
        let src = ByteSource(png)
        guard let s = cairo_image_surface_create_from_png_stream(readFromSource, Unmanaged.passUnretained(src).toOpaque()) else {
            throw PlotError.invalidPNG(reason: "no surface")
        }
        defer { cairo_surface_destroy(s) }
        let status = cairo_surface_status(s)
        guard status == CAIRO_STATUS_SUCCESS else {
            throw PlotError.invalidPNG(reason: String(cString: cairo_status_to_string(status)))
        }
        // Cairo may decode to RGB24 or A8 for some PNGs; normalise to ARGB32.
        if cairo_image_surface_get_format(s) == CAIRO_FORMAT_ARGB32 || cairo_image_surface_get_format(s) == CAIRO_FORMAT_RGB24 {
            self = rasterImage(from: s)
        } else {
            let w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s)
            let conv = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w, h)!
            defer { cairo_surface_destroy(conv) }
            let cr = cairo_create(conv)
            cairo_set_source_surface(cr, s, 0, 0)
            cairo_paint(cr)
            cairo_destroy(cr)
            self = rasterImage(from: conv)
        }
    }
}
