// Turning raw convolution weights into something displayable.

/// Helpers that convert flat weight arrays into images and matrices.
public enum KernelImages {
    /// RGB kernels → images. Each kernel holds 3 × height × width weights in
    /// channels-first order (all red weights, then green, then blue).
    ///
    /// Normalisation is per kernel, min–max over all three channels together:
    /// the kernel's smallest weight becomes 0, its largest 255. Per kernel,
    /// because weights of different filters differ in scale by orders of
    /// magnitude and a global range would leave most of them flat grey; over
    /// all channels together, because normalising channels separately would
    /// change the hue and hide which colour a filter responds to. A constant
    /// kernel is shown mid-grey.
    public static func rgb(_ kernels: [[Double]], height: Int, width: Int) -> [RasterImage] {
        let plane = height * width
        return kernels.map { k in
            precondition(k.count == 3 * plane, "an RGB kernel needs 3*height*width weights")
            let finite = k.filter(\.isFinite)
            let lo = finite.min() ?? 0, hi = finite.max() ?? 0
            var rgb = [UInt8](repeating: 128, count: 3 * plane)
            if hi > lo {
                for p in 0..<plane {
                    for c in 0..<3 {
                        let v = k[c * plane + p]
                        rgb[3 * p + c] = v.isFinite ? byte((v - lo) / (hi - lo)) : 128
                    }
                }
            }
            return RasterImage(width: width, height: height, rgb: rgb)
        }
    }

    /// Single-channel kernels → matrices (values unchanged; the colour map
    /// and the grid's shared range do the display mapping).
    public static func matrices(_ kernels: [[Double]], height: Int, width: Int) -> [Matrix] {
        kernels.map { Matrix(rows: height, cols: width, values: $0) }
    }
}
