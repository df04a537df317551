import Foundation

// Multi-line text blocks on top of the single-line backend call. Vertical
// alignment is resolved here (per line baselines) so every backend only
// ever receives baseline-anchored lines.

/// Everything drawing code needs: the backend and pixel snapping for it.
struct RenderContext {
    let backend: DrawingBackend
    var snap: PixelSnapper { PixelSnapper(scale: backend.deviceScale) }
    var measurer: TextMeasurer { TextMeasurer.shared }

    /// Draws text that may contain "\n". `alignment.vertical` refers to the
    /// whole block: top = first line's cap height, bottom = last descender.
    func text(_ text: String, at p: Point, font: Font, color: Color = Theme.text,
              alignment: TextAlignment, angle: Double = 0) {
        let ls = lines(text)
        let m = measurer.metrics(font)
        let block = measurer.blockHeight(lineCount: ls.count, font: font)
        // Baseline of the first line relative to the anchor, in text space.
        let first: Double
        switch alignment.vertical {
        case .baseline: first = 0
        case .top: first = m.capHeight
        case .center: first = m.capHeight - block / 2
        case .bottom: first = m.capHeight - block
        }
        // The text's "down" direction on the page for a counter-clockwise angle.
        let rad = angle * .pi / 180
        let down = (x: sin(rad), y: cos(rad))
        for (i, line) in ls.enumerated() where !line.isEmpty {
            let d = first + Double(i) * m.lineHeight
            backend.drawText(line, at: Point(p.x + down.x * d, p.y + down.y * d), font: font, color: color,
                             alignment: TextAlignment(alignment.horizontal, .baseline), angle: angle)
        }
    }

    /// Strokes an axis-aligned segment snapped to the pixel grid so it stays crisp.
    func hairline(from a: Point, to b: Point, color: Color, width: Double) {
        var a = a, b = b
        if a.x == b.x { let x = snap.line(a.x, width: width); a.x = x; b.x = x }
        if a.y == b.y { let y = snap.line(a.y, width: width); a.y = y; b.y = y }
        backend.stroke(.segment(a, b), style: StrokeStyle(color: color, width: width))
    }
}

/// Shortens a line of text to fit `maxWidth` by replacing its middle with
/// "…" (keeping both the file name start and the extension readable).
func ellipsized(_ text: String, font: Font, maxWidth: Double) -> String {
    let m = TextMeasurer.shared
    if m.width(text, font: font) <= maxWidth { return text }
    var chars = Array(text)
    while chars.count > 2 {
        chars.remove(at: chars.count / 2)
        var s = chars
        s.insert("…", at: s.count / 2)
        let candidate = String(s)
        if m.width(candidate, font: font) <= maxWidth { return candidate }
    }
    return "…"
}
