import CCairo
import Foundation

// Draws onto any Cairo surface (image surface for PNG, PDF surface for PDF).
// The context is pre-scaled by the device scale so callers always work in
// points.

final class CairoBackend: DrawingBackend {
    let cr: OpaquePointer
    let deviceScale: Double
    private var clipDepth = 0

    /// Takes a reference to the surface; the caller still owns its own
    /// reference. `scale` is device pixels per point for raster surfaces;
    /// vector surfaces pass `vector: true` and get no pixel snapping.
    init(surface: OpaquePointer, scale: Double, vector: Bool = false) {
        cr = cairo_create(surface)
        self.deviceScale = vector ? 0 : scale
        cairo_scale(cr, scale, scale)
        // Grey antialiasing (no subpixel colour fringes) keeps PNGs portable
        // and byte-identical between runs.
        cairo_set_antialias(cr, CAIRO_ANTIALIAS_GRAY)
    }

    deinit { cairo_destroy(cr) }

    var status: cairo_status_t { cairo_status(cr) }

    func fill(_ path: Path, color: Color) {
        addPath(path)
        setColor(color)
        cairo_fill(cr)
    }

    func stroke(_ path: Path, style: StrokeStyle) {
        addPath(path)
        setColor(style.color)
        cairo_set_line_width(cr, style.width)
        cairo_set_line_cap(cr, cairoCap(style.cap))
        cairo_set_line_join(cr, cairoJoin(style.join))
        style.dash.withUnsafeBufferPointer { buf in
            cairo_set_dash(cr, buf.baseAddress, Int32(buf.count), 0)
        }
        cairo_stroke(cr)
    }

    func drawText(_ text: String, at point: Point, font: Font, color: Color, alignment: TextAlignment, angle: Double) {
        guard !text.isEmpty else { return }
        cairo_save(cr)
        configureFont(cr, font)
        setColor(color)
        cairo_translate(cr, point.x, point.y)
        // Positive angles are counter-clockwise on the page; Cairo's y axis
        // points down, so the rotation sign flips.
        if angle != 0 { cairo_rotate(cr, -angle * .pi / 180) }
        let w = TextMeasurer.shared.width(text, font: font)
        let dx: Double
        switch alignment.horizontal {
        case .left: dx = 0
        case .center: dx = -w / 2
        case .right: dx = -w
        }
        let baseline = baselineOffset(alignment.vertical, font: font)
        if Superscript.contains(text) {
            var x = dx
            for run in Superscript.runs(text) {
                let f = run.isSuperscript ? Superscript.font(font) : font
                configureFont(cr, f)
                cairo_move_to(cr, x, baseline - (run.isSuperscript ? font.size * Superscript.rise : 0))
                cairo_show_text(cr, run.text)
                x += TextMeasurer.shared.width(run.text, font: f)
            }
        } else {
            cairo_move_to(cr, dx, baseline)
            cairo_show_text(cr, text)
        }
        cairo_new_path(cr)
        cairo_restore(cr)
    }

    func drawImage(_ image: RasterImage, in rect: Rect, interpolation: Interpolation) {
        guard image.width > 0, image.height > 0, rect.width > 0, rect.height > 0,
              let src = makeImageSurface(image) else { return }
        defer { cairo_surface_destroy(src) }
        cairo_save(cr)
        cairo_translate(cr, rect.x, rect.y)
        cairo_scale(cr, rect.width / Double(image.width), rect.height / Double(image.height))
        cairo_set_source_surface(cr, src, 0, 0)
        let pattern = cairo_get_source(cr)
        // NEAREST keeps a 3x3 kernel as nine crisp blocks; PAD stops the
        // edge pixels from fading into transparency under smoothing.
        cairo_pattern_set_filter(pattern, interpolation == .nearest ? CAIRO_FILTER_NEAREST : CAIRO_FILTER_GOOD)
        cairo_pattern_set_extend(pattern, CAIRO_EXTEND_PAD)
        cairo_rectangle(cr, 0, 0, Double(image.width), Double(image.height))
        cairo_fill(cr)
        cairo_restore(cr)
    }

    func pushClip(_ rect: Rect) {
        cairo_save(cr)
        clipDepth += 1
        cairo_rectangle(cr, rect.x, rect.y, rect.width, rect.height)
        cairo_clip(cr)
    }

    func popClip() {
        guard clipDepth > 0 else { return }
        clipDepth -= 1
        cairo_restore(cr)
    }

    // MARK: helpers

    private func addPath(_ path: Path) {
        cairo_new_path(cr)
        for e in path.elements {
            switch e {
            case .move(let p): cairo_move_to(cr, p.x, p.y)
            case .line(let p): cairo_line_to(cr, p.x, p.y)
            case .curve(let c1, let c2, let p): cairo_curve_to(cr, c1.x, c1.y, c2.x, c2.y, p.x, p.y)
            case .close: cairo_close_path(cr)
            }
        }
    }

    private func setColor(_ c: Color) {
        if c.alpha >= 1 {
            cairo_set_source_rgb(cr, c.red, c.green, c.blue)
        } else {
            cairo_set_source_rgba(cr, c.red, c.green, c.blue, c.alpha)
        }
    }

    private func cairoCap(_ c: LineCap) -> cairo_line_cap_t {
        switch c {
        case .butt: return CAIRO_LINE_CAP_BUTT
        case .round: return CAIRO_LINE_CAP_ROUND
        case .square: return CAIRO_LINE_CAP_SQUARE
        }
    }

    private func cairoJoin(_ j: LineJoin) -> cairo_line_join_t {
        switch j {
        case .miter: return CAIRO_LINE_JOIN_MITER
        case .round: return CAIRO_LINE_JOIN_ROUND
        case .bevel: return CAIRO_LINE_JOIN_BEVEL
        }
    }
}

/// Copies straight-alpha RGBA into a new premultiplied ARGB32 Cairo surface.
func makeImageSurface(_ image: RasterImage) -> OpaquePointer? {
    guard let s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(image.width), Int32(image.height)),
          cairo_surface_status(s) == CAIRO_STATUS_SUCCESS else { return nil }
    cairo_surface_flush(s)
    let stride = Int(cairo_image_surface_get_stride(s))
    guard let base = cairo_image_surface_get_data(s) else { cairo_surface_destroy(s); return nil }
    image.rgba.withUnsafeBufferPointer { src in
        for y in 0..<image.height {
            let row = UnsafeMutableRawPointer(base + y * stride).assumingMemoryBound(to: UInt32.self)
            for x in 0..<image.width {
                let i = 4 * (y * image.width + x)
                let a = UInt32(src[i + 3])
                // Premultiply with rounding: (c * a + 127) / 255.
                let r = (UInt32(src[i]) * a + 127) / 255
                let g = (UInt32(src[i + 1]) * a + 127) / 255
                let b = (UInt32(src[i + 2]) * a + 127) / 255
                row[x] = (a << 24) | (r << 16) | (g << 8) | b
            }
        }
    }
    cairo_surface_mark_dirty(s)
    return s
}

/// Reads a premultiplied ARGB32 surface back into straight-alpha RGBA.
func rasterImage(from s: OpaquePointer) -> RasterImage {
    cairo_surface_flush(s)
    let w = Int(cairo_image_surface_get_width(s)), h = Int(cairo_image_surface_get_height(s))
    let stride = Int(cairo_image_surface_get_stride(s))
    var out = [UInt8](repeating: 0, count: w * h * 4)
    guard let base = cairo_image_surface_get_data(s) else { return RasterImage(width: w, height: h, rgba: out) }
    let format = cairo_image_surface_get_format(s)
    for y in 0..<h {
        let row = UnsafeRawPointer(base + y * stride).assumingMemoryBound(to: UInt32.self)
        for x in 0..<w {
            let v = row[x]
            let a = format == CAIRO_FORMAT_RGB24 ? 255 : (v >> 24) & 0xff
            let i = 4 * (y * w + x)
            func unpremultiply(_ c: UInt32) -> UInt8 { a == 0 ? 0 : UInt8(min(255, (c * 255 + a / 2) / a)) }
            out[i] = unpremultiply((v >> 16) & 0xff)
            out[i + 1] = unpremultiply((v >> 8) & 0xff)
            out[i + 2] = unpremultiply(v & 0xff)
            out[i + 3] = UInt8(a)
        }
    }
    return RasterImage(width: w, height: h, rgba: out)
}
