import Foundation

// A grid of pictures with optional captions: misclassified photos, RGB
// convolution kernels, the input image next to its feature maps.

/// A panel showing images in a grid, each with an optional caption below.
public final class ImageGrid {
    public let images: [RasterImage]
    /// One caption per image (fewer is fine). "\n" forces a line break; a
    /// caption too wide for its column is broken at " · " and then shortened
    /// in the middle with "…".
    public var captions: [String]
    public var columns: Int
    public var interpolation: Interpolation
    public var title: String?
    /// Space between images in points.
    public var spacing: Double

    init(images: [RasterImage], captions: [String], columns: Int, interpolation: Interpolation, title: String?) {
        self.images = images
        self.captions = captions
        self.columns = max(1, columns)
        self.interpolation = interpolation
        self.title = title
        self.spacing = captions.isEmpty ? 4 : 12
    }

    func draw(in outer: Rect, ctx: RenderContext) {
        guard !images.isEmpty else { return }
        let area = outer.inset(by: 2)
        let cols = min(columns, images.count), rows = (images.count + cols - 1) / cols
        let titleH = panelTitleHeight(title)
        let pitch = (area.width - Double(cols - 1) * spacing) / Double(cols)
        let captionLines = captions.map { wrapCaption($0, width: pitch + spacing * 0.8) }
        let capLineCount = captionLines.map(\.count).max() ?? 0
        let capH = capLineCount > 0 ? 4 + ctx.measurer.blockHeight(lineCount: capLineCount, font: Theme.captionFont) : 0
        let rowGap = capLineCount > 0 ? 10.0 : spacing
        let side = max(1, min(pitch, (area.height - titleH - Double(rows) * capH - Double(rows - 1) * rowGap) / Double(rows)))
        // Without captions the images sit edge to edge (plus spacing); with
        // captions each column keeps its full width for the text.
        let colPitch = capLineCount > 0 ? pitch : side
        let gridW = Double(cols) * colPitch + Double(cols - 1) * spacing
        let gridH = titleH + Double(rows) * (side + capH) + Double(rows - 1) * rowGap
        let x0 = area.midX - gridW / 2, y0 = area.midY - gridH / 2

        if let title, !title.isEmpty {
            ctx.text(title, at: Point(area.midX, y0), font: Theme.titleFont, alignment: TextAlignment(.center, .top))
        }
        for (i, img) in images.enumerated() {
            let r = i / cols, c = i % cols
            let cellX = x0 + Double(c) * (colPitch + spacing)
            let cellY = y0 + titleH + Double(r) * (side + capH + rowGap)
            let box = fitted(img, in: Rect(x: cellX + (colPitch - side) / 2, y: cellY, width: side, height: side))
            let rect = interpolation == .nearest ? pixelAligned(box, pixels: img.width, snap: ctx.snap) : box
            ctx.backend.drawImage(img, in: rect, interpolation: interpolation)
            if i < captionLines.count, !captionLines[i].isEmpty {
                ctx.text(captionLines[i].joined(separator: "\n"), at: Point(cellX + colPitch / 2, cellY + side + 4),
                         font: Theme.captionFont, color: Theme.text, alignment: TextAlignment(.center, .top))
            }
        }
    }

    private func wrapCaption(_ caption: String, width: Double) -> [String] {
        guard !caption.isEmpty else { return [] }
        let f = Theme.captionFont, m = TextMeasurer.shared
        var out: [String] = []
        for line in lines(caption) {
            if m.width(line, font: f) <= width || !line.contains(" · ") {
                out.append(line)
            } else {
                out += line.components(separatedBy: " · ")
            }
        }
        return out.map { ellipsized($0, font: f, maxWidth: width) }
    }
}

/// The largest rectangle with the image's aspect ratio centred in `box`.
func fitted(_ img: RasterImage, in box: Rect) -> Rect {
    let aspect = Double(img.width) / Double(max(1, img.height))
    var w = box.width, h = box.height
    if aspect >= 1 { h = w / aspect } else { w = h * aspect }
    return Rect(x: box.midX - w / 2, y: box.midY - h / 2, width: w, height: h)
}

/// Snaps an image rectangle to device pixels; when each source pixel spans
/// at least two device pixels the size is also rounded down to a whole
/// multiple, so every source pixel becomes an identical block (a 3×3 kernel
/// shows nine equal squares rather than 13-14-13 pixel stripes).
func pixelAligned(_ r: Rect, pixels: Int, snap: PixelSnapper) -> Rect {
    let s = snap.scale
    guard s > 0 else { return r }
    var w = (r.width * s).rounded(.down), h = (r.height * s).rounded(.down)
    let n = Double(max(1, pixels))
    if w / n >= 2 {
        let k = (w / n).rounded(.down)
        let rows = (h / (w / n)).rounded()  // keep the aspect ratio in whole source pixels
        w = k * n; h = k * max(1, rows)
    }
    let x = ((r.midX * s) - w / 2).rounded(), y = ((r.midY * s) - h / 2).rounded()
    return Rect(x: x / s, y: y / s, width: w / s, height: h / s)
}

/// Height taken by a panel title (bold caption above a grid), or 0.
func panelTitleHeight(_ title: String?) -> Double {
    guard let title, !title.isEmpty else { return 0 }
    return TextMeasurer.shared.blockHeight(lineCount: lines(title).count, font: Theme.titleFont) + Theme.titlePad
}
