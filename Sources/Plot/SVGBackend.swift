import Foundation

// Our own SVG writer. Cairo 1.16's SVG surface converts toy-API text into
// glyph outlines (<symbol>/<use>), which makes labels unsearchable,
// unselectable and bloated. This backend writes real <text> elements in
// DejaVu Sans with the same anchor maths as the Cairo backend, so a viewer
// with DejaVu installed reproduces the PNG layout exactly and any other
// viewer still gets correctly anchored (left/centre/right) text.

final class SVGBackend: DrawingBackend {
    let deviceScale: Double = 0
    private let width: Double
    private let height: Double
    private var body: [String] = []
    private var defs: [String] = []
    private var clipCount = 0
    private var openClips = 0

    init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    /// The finished document. Deterministic: ids are sequential and numbers
    /// are printed with a fixed precision.
    func document() -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" version=\"1.1\" "
        out += "width=\"\(num(width))pt\" height=\"\(num(height))pt\" viewBox=\"0 0 \(num(width)) \(num(height))\" "
        out += "font-family=\"'DejaVu Sans', 'Bitstream Vera Sans', Verdana, Arial, sans-serif\">\n"
        if !defs.isEmpty { out += "<defs>\n" + defs.joined(separator: "\n") + "\n</defs>\n" }
        out += body.joined(separator: "\n")
        out += String(repeating: "\n</g>", count: openClips)
        out += "\n</svg>\n"
        return out
    }

    func fill(_ path: Path, color: Color) {
        body.append("<path d=\"\(pathData(path))\" fill=\"#\(color.hexString)\"\(opacity("fill-opacity", color))/>")
    }

    func stroke(_ path: Path, style: StrokeStyle) {
        var s = "<path d=\"\(pathData(path))\" fill=\"none\" stroke=\"#\(style.color.hexString)\""
        s += " stroke-width=\"\(num(style.width))\"" + opacity("stroke-opacity", style.color)
        switch style.cap {
        case .butt: break
        case .round: s += " stroke-linecap=\"round\""
        case .square: s += " stroke-linecap=\"square\""
        }
        switch style.join {
        case .miter: break
        case .round: s += " stroke-linejoin=\"round\""
        case .bevel: s += " stroke-linejoin=\"bevel\""
        }
        if !style.dash.isEmpty { s += " stroke-dasharray=\"\(style.dash.map(num).joined(separator: " "))\"" }
        body.append(s + "/>")
    }

    func drawText(_ text: String, at point: Point, font: Font, color: Color, alignment: TextAlignment, angle: Double) {
        guard !text.isEmpty else { return }
        let anchor: String
        switch alignment.horizontal {
        case .left: anchor = ""
        case .center: anchor = " text-anchor=\"middle\""
        case .right: anchor = " text-anchor=\"end\""
        }
        let dy = baselineOffset(alignment.vertical, font: font)
        var s = "<text"
        if angle == 0 {
            s += " x=\"\(num(point.x))\" y=\"\(num(point.y + dy))\""
        } else {
            s += " transform=\"translate(\(num(point.x)) \(num(point.y))) rotate(\(num(-angle)))\" y=\"\(num(dy))\""
        }
        s += " font-size=\"\(num(font.size))\"" + (font.bold ? " font-weight=\"bold\"" : "")
        s += anchor + " fill=\"#\(color.hexString)\"" + opacity("fill-opacity", color)
        // SVG collapses runs of spaces (and drops leading and trailing ones)
        // unless told not to; the PNG and the PDF keep them, so this does too.
        if text.contains("  ") || text.hasPrefix(" ") || text.hasSuffix(" ") { s += " xml:space=\"preserve\"" }
        s += ">" + svgTextContent(text, font: font) + "</text>"
        body.append(s)
    }

    func drawImage(_ image: RasterImage, in rect: Rect, interpolation: Interpolation) {
        guard image.width > 0, image.height > 0 else { return }
        var img = image
        if interpolation == .nearest { img = preUpscaled(image, for: rect) }
        guard let png = try? encodePNG(img) else { return }
        var s = "<image x=\"\(num(rect.x))\" y=\"\(num(rect.y))\" width=\"\(num(rect.width))\" height=\"\(num(rect.height))\""
        s += " preserveAspectRatio=\"none\""
        if interpolation == .nearest {
            s += " image-rendering=\"optimizeSpeed\" style=\"image-rendering:pixelated\""
        }
        s += " xlink:href=\"data:image/png;base64,\(png.base64EncodedString())\"/>"
        body.append(s)
    }

    func pushClip(_ rect: Rect) {
        clipCount += 1
        let id = "clip\(clipCount)"
        defs.append("<clipPath id=\"\(id)\"><rect x=\"\(num(rect.x))\" y=\"\(num(rect.y))\" width=\"\(num(rect.width))\" height=\"\(num(rect.height))\"/></clipPath>")
        body.append("<g clip-path=\"url(#\(id))\">")
        openClips += 1
    }

    func popClip() {
        guard openClips > 0 else { return }
        openClips -= 1
        body.append("</g>")
    }

    // MARK: helpers

    /// Some SVG renderers ignore `image-rendering` and smooth a 3x3 kernel
    /// into a blur. Replicating small images' pixels by an integer factor
    /// first keeps them blocky in every viewer; large images are left alone
    /// to keep the file small.
    private func preUpscaled(_ image: RasterImage, for rect: Rect) -> RasterImage {
        guard image.width * image.height <= 32 * 32 else { return image }
        // About two image pixels per point of the drawn size, at most 1024 px a side.
        let wanted = Int((2 * max(rect.width, rect.height) / Double(max(image.width, image.height))).rounded(.up))
        let k = max(1, min(wanted, 1024 / max(image.width, image.height)))
        guard k > 1 else { return image }
        return upscaleNearest(image, factor: k)
    }

    private func opacity(_ name: String, _ c: Color) -> String {
        c.alpha >= 1 ? "" : " \(name)=\"\(num(c.alpha))\""
    }

    private func pathData(_ path: Path) -> String {
        var parts: [String] = []
        parts.reserveCapacity(path.elements.count)
        for e in path.elements {
            switch e {
            case .move(let p): parts.append("M\(num(p.x)) \(num(p.y))")
            case .line(let p): parts.append("L\(num(p.x)) \(num(p.y))")
            case .curve(let a, let b, let p):
                parts.append("C\(num(a.x)) \(num(a.y)) \(num(b.x)) \(num(b.y)) \(num(p.x)) \(num(p.y))")
            case .close: parts.append("Z")
            }
        }
        return parts.joined()
    }
}

/// Escaped text; exponents become raised, smaller <tspan>s matching the
/// Cairo rendering, so "10⁻⁶" reads as 10 with a proper superscript −6.
func svgTextContent(_ text: String, font: Font) -> String {
    guard Superscript.contains(text) else { return xmlEscape(text) }
    let rise = font.size * Superscript.rise
    var out = "", raised = false
    for run in Superscript.runs(text) {
        if run.isSuperscript {
            out += "<tspan dy=\"\(num(-rise))\" font-size=\"\(num(Superscript.font(font).size))\">\(xmlEscape(run.text))</tspan>"
            raised = true
        } else if raised {
            out += "<tspan dy=\"\(num(rise))\">\(xmlEscape(run.text))</tspan>"
            raised = false
        } else {
            out += xmlEscape(run.text)
        }
    }
    return out
}

/// Formats a coordinate with at most three decimals and no trailing zeros.
/// Integer arithmetic keeps it fast and locale-independent.
func num(_ v: Double) -> String {
    guard v.isFinite else { return "0" }
    // A value far outside fixed axis limits maps to a coordinate beyond Int's
    // range; a billion points off the page draws the same clipped line.
    let scaled = Int((min(1e9, max(-1e9, v)) * 1000).rounded())
    let sign = scaled < 0 ? "-" : ""
    let a = abs(scaled)
    let whole = a / 1000
    var frac = a % 1000
    if frac == 0 { return sign + String(whole) }
    var digits = 3
    while frac % 10 == 0 { frac /= 10; digits -= 1 }
    var f = String(frac)
    while f.count < digits { f = "0" + f }
    return sign + String(whole) + "." + f
}

func xmlEscape(_ s: String) -> String {
    var out = ""
    out.reserveCapacity(s.count)
    for ch in s {
        switch ch {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        default: out.append(ch)
        }
    }
    return out
}

/// Replicates every pixel into a `factor`×`factor` block.
func upscaleNearest(_ image: RasterImage, factor k: Int) -> RasterImage {
    let w = image.width * k, h = image.height * k
    var out = [UInt8](repeating: 0, count: w * h * 4)
    for y in 0..<h {
        let sy = y / k
        for x in 0..<w {
            let s = 4 * (sy * image.width + x / k), d = 4 * (y * w + x)
            out[d] = image.rgba[s]; out[d + 1] = image.rgba[s + 1]
            out[d + 2] = image.rgba[s + 2]; out[d + 3] = image.rgba[s + 3]
        }
    }
    return RasterImage(width: w, height: h, rgba: out)
}
