import CCairo
import Foundation

// Text is measured with Cairo's toy font API on DejaVu Sans with metric
// hinting switched off. Without hinting, advances scale exactly with the
// font size, so one measurement at unit size serves every size, every
// device scale (1x and 2x PNGs get the same layout) and the SVG and PDF
// outputs.

let fontFamily = "DejaVu Sans"

/// Vertical metrics of a font at a given size, in points.
struct FontMetrics {
    /// Height of capital letters and digits above the baseline.
    var capHeight: Double
    /// Depth of descenders below the baseline (positive).
    var descent: Double
    /// Distance between baselines of consecutive lines.
    var lineHeight: Double
}

/// Applies the family, weight, size and (unhinted) font options to a context.
func configureFont(_ cr: OpaquePointer, _ font: Font) {
    cairo_select_font_face(cr, fontFamily, CAIRO_FONT_SLANT_NORMAL,
                           font.bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL)
    cairo_set_font_size(cr, font.size)
    let options = cairo_font_options_create()
    cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
    cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
    cairo_set_font_options(cr, options)
    cairo_font_options_destroy(options)
}

/// Measures text widths and font metrics. One shared instance, guarded by a
/// lock, with a cache: layouts measure the same tick labels many times.
final class TextMeasurer: @unchecked Sendable {
    static let shared = TextMeasurer()

    private let lock = NSLock()
    private let surface: OpaquePointer
    private let cr: OpaquePointer
    private var unitAdvance: [String: Double] = [:]
    private var unitMetrics: [Bool: FontMetrics] = [:]

    private init() {
        surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1)
        cr = cairo_create(surface)
    }

    /// Advance width of a single line of text.
    func width(_ text: String, font: Font) -> Double {
        if text.isEmpty { return 0 }
        let key = (font.bold ? "B" : "R") + text
        lock.lock(); defer { lock.unlock() }
        if let w = unitAdvance[key] { return w * font.size }
        var w = 0.0
        for run in Superscript.runs(text) {
            w += measure(run.text, bold: font.bold) * (run.isSuperscript ? Superscript.scale : 1)
        }
        unitAdvance[key] = w
        return w * font.size
    }

    /// Widest line of a possibly multi-line text.
    func maxLineWidth(_ text: String, font: Font) -> Double {
        lines(text).map { width($0, font: font) }.max() ?? 0
    }

    /// Height of a block of `lineCount` lines from the first cap top to the last descender.
    func blockHeight(lineCount: Int, font: Font) -> Double {
        guard lineCount > 0 else { return 0 }
        let m = metrics(font)
        return m.capHeight + m.descent + Double(lineCount - 1) * m.lineHeight
    }

    func metrics(_ font: Font) -> FontMetrics {
        lock.lock(); defer { lock.unlock() }
        let unit: FontMetrics
        if let m = unitMetrics[font.bold] {
            unit = m
        } else {
            unit = measureMetrics(bold: font.bold)
            unitMetrics[font.bold] = unit
        }
        return FontMetrics(capHeight: unit.capHeight * font.size, descent: unit.descent * font.size,
                           lineHeight: unit.lineHeight * font.size)
    }

    // Measured at 100 pt and divided, to keep rounding inside Cairo negligible.
    private func measure(_ text: String, bold: Bool) -> Double {
        configureFont(cr, Font(size: 100, bold: bold))
        var ext = cairo_text_extents_t()
        cairo_text_extents(cr, text, &ext)
        return ext.x_advance / 100
    }

    private func measureMetrics(bold: Bool) -> FontMetrics {
        configureFont(cr, Font(size: 100, bold: bold))
        var fe = cairo_font_extents_t()
        cairo_font_extents(cr, &fe)
        var te = cairo_text_extents_t()
        cairo_text_extents(cr, "H", &te)
        // Line spacing of 1.2 em is what matplotlib and browsers use by default.
        return FontMetrics(capHeight: -te.y_bearing / 100, descent: fe.descent / 100, lineHeight: 1.2)
    }
}

/// Splits text into lines on "\n".
func lines(_ text: String) -> [String] {
    text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
}
