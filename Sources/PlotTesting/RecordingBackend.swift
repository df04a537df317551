import Plot

// A backend that records draw calls instead of producing pixels, like the
// mock backends of Rust's `plotters`. Tests use it to assert what was drawn
// (texts, colours, clip regions) without rendering or decoding images.

/// One recorded drawing call.
public enum DrawCommand: Equatable, Sendable {
    case fill(Path, Color)
    case stroke(Path, StrokeStyle)
    case text(String, Point, Font, Color, TextAlignment, angle: Double)
    case image(width: Int, height: Int, rect: Rect, interpolation: Interpolation)
    case pushClip(Rect)
    case popClip
}

/// Records every call in order.
public final class RecordingBackend: DrawingBackend {
    public private(set) var commands: [DrawCommand] = []
    public let deviceScale: Double

    /// `deviceScale` 0 behaves like a vector target, 1 or 2 like a PNG.
    public init(deviceScale: Double = 0) { self.deviceScale = deviceScale }

    public func fill(_ path: Path, color: Color) { commands.append(.fill(path, color)) }
    public func stroke(_ path: Path, style: StrokeStyle) { commands.append(.stroke(path, style)) }
    public func drawText(_ text: String, at point: Point, font: Font, color: Color, alignment: TextAlignment, angle: Double) {
        commands.append(.text(text, point, font, color, alignment, angle: angle))
    }
    public func drawImage(_ image: RasterImage, in rect: Rect, interpolation: Interpolation) {
        commands.append(.image(width: image.width, height: image.height, rect: rect, interpolation: interpolation))
    }
    public func pushClip(_ rect: Rect) { commands.append(.pushClip(rect)) }
    public func popClip() { commands.append(.popClip) }

    /// All texts drawn, in order.
    public var texts: [String] {
        commands.compactMap { if case .text(let s, _, _, _, _, _) = $0 { return s } else { return nil } }
    }

    /// Anchor point of the first text equal to `s`.
    public func position(ofText s: String) -> Point? {
        for c in commands { if case .text(s, let p, _, _, _, _) = c { return p } }
        return nil
    }

    /// Colours of all stroked paths, in order.
    public var strokeColors: [Color] {
        commands.compactMap { if case .stroke(_, let st) = $0 { return st.color } else { return nil } }
    }
}
