/// An 8-bit RGB image, rows top to bottom, pixels interleaved (HWC).
public struct RGBImage: Equatable, Sendable {
    public var width: Int
    public var height: Int
    public var pixels: [UInt8]

    public init(width: Int, height: Int, pixels: [UInt8]) {
        precondition(pixels.count == width * height * 3, "\(pixels.count) bytes for a \(width)×\(height) RGB image")
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    public subscript(x: Int, y: Int, channel: Int) -> UInt8 {
        pixels[(y * width + x) * 3 + channel]
    }

    /// Bilinear resampling of the whole image to `width`×`height`, sampling at
    /// pixel centres (the convention of PIL and OpenCV, so a resize does not shift the image).
    public func resized(width newWidth: Int, height newHeight: Int) -> RGBImage {
        if newWidth == width && newHeight == height { return self }
        var out = [UInt8](repeating: 0, count: newWidth * newHeight * 3)
        let sx = Double(width) / Double(newWidth), sy = Double(height) / Double(newHeight)
        for y in 0..<newHeight {
            let fy = max(0, min(Double(height - 1), (Double(y) + 0.5) * sy - 0.5))
            let y0 = Int(fy), y1 = min(y0 + 1, height - 1), wy = fy - Double(y0)
            for x in 0..<newWidth {
                let fx = max(0, min(Double(width - 1), (Double(x) + 0.5) * sx - 0.5))
                let x0 = Int(fx), x1 = min(x0 + 1, width - 1), wx = fx - Double(x0)
                for c in 0..<3 {
                    let top = Double(self[x0, y0, c]) * (1 - wx) + Double(self[x1, y0, c]) * wx
                    let bottom = Double(self[x0, y1, c]) * (1 - wx) + Double(self[x1, y1, c]) * wx
                    out[(y * newWidth + x) * 3 + c] = UInt8((top * (1 - wy) + bottom * wy).rounded())
                }
            }
        }
        return RGBImage(width: newWidth, height: newHeight, pixels: out)
    }
}
