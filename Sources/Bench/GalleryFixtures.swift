import Foundation
import Plot

// Synthetic data shaped like the coursework's real results, so every kind
// of figure can be built and checked without running any training.

/// SplitMix64: tiny, fast and deterministic across platforms, so gallery
/// output is reproducible byte for byte.
struct FixtureRandom {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    mutating func uniform() -> Double { Double(next() >> 11) / Double(1 << 53) }

    /// Standard normal (Box–Muller).
    mutating func normal() -> Double {
        let u = max(uniform(), 1e-12), v = uniform()
        return (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
    }
}

enum Fixtures {
    static let epochs10 = (1...10).map(Double.init)

    /// Loss per epoch for three initialisations.
    static func initialisationLosses() -> [(String, [Double])] {
        var rng = FixtureRandom(seed: 1)
        let zero = epochs10.map { _ in 2.3026 }
        let gaussian = epochs10.map { e in 1.1 + 2.15 * exp(-(e - 1) / 2.3) + 0.03 * rng.normal() }
        let he = epochs10.map { e in 0.84 + 1.26 * exp(-(e - 1) / 3.0) + 0.015 * rng.normal() }
        return [("Zeros", zero), ("Gaussian, σ = 1", gaussian), ("He (Kaiming)", he)]
    }

    /// Train/validation accuracy and loss over 35 epochs (mild overfitting).
    static func trainingCurves() -> (trainAcc: [Double], valAcc: [Double], trainLoss: [Double], valLoss: [Double]) {
        var rng = FixtureRandom(seed: 2)
        var ta: [Double] = [], va: [Double] = [], tl: [Double] = [], vl: [Double] = []
        for e in 1...35 {
            let x = Double(e)
            ta.append(0.98 - 0.45 * exp(-x / 9) + 0.004 * rng.normal())
            va.append(0.83 - 0.30 * exp(-x / 6) + 0.008 * rng.normal())
            tl.append(0.05 + 0.65 * exp(-x / 8) + 0.006 * rng.normal())
            vl.append(0.40 + 0.30 * exp(-x / 5) + 0.0022 * max(0, x - 12) * max(0, x - 12) / 10 + 0.01 * rng.normal())
        }
        return (ta, va, tl, vl)
    }

    /// N values of the gradient check.
    static let gradientN: [Double] = [1, 5, 10, 50, 100, 500, 1000, 5000, 10000, 50000, 100000, 500000]

    /// Max |numeric − analytic| gradient for ε = 1/N: truncation error
    /// ~ε² plus rounding error ~machine-ε/ε, which dominates early in float32.
    static func gradientDifferences() -> (float64: [Double], float32: [Double]) {
        let f64 = gradientN.map { n in 0.04 / (n * n) + 2.2e-17 * n * 1.0 }
        let f32 = gradientN.map { n in 0.04 / (n * n) + 1.2e-8 * n }
        return (f64, f32)
    }

    /// 32 RGB 3×3 kernels (channels-first), a mix of oriented edges and colour blobs.
    static func rgbKernels() -> [[Double]] {
        var rng = FixtureRandom(seed: 3)
        return (0..<32).map { k in
            let angle = Double(k) * .pi / 8
            let (dx, dy) = (cos(angle), sin(angle))
            let tint = (0..<3).map { _ in 0.5 + rng.uniform() }
            var w = [Double](repeating: 0, count: 27)
            for c in 0..<3 {
                for i in 0..<3 {
                    for j in 0..<3 {
                        let edge = dx * Double(j - 1) + dy * Double(i - 1)
                        let blob = k % 4 == 3 ? (i == 1 && j == 1 ? 1.0 : -0.3) * (c == k % 3 ? 1 : -0.6) : edge * tint[c]
                        w[c * 9 + i * 3 + j] = 0.2 * blob + 0.05 * rng.normal()
                    }
                }
            }
            return w
        }
    }

    /// 400 single-channel 3×3 kernels with weights of mixed sign.
    static func grayKernels() -> [[Double]] {
        var rng = FixtureRandom(seed: 4)
        return (0..<400).map { k in
            let angle = Double(k % 16) * .pi / 8
            return (0..<9).map { p in
                let (i, j) = (Double(p / 3 - 1), Double(p % 3 - 1))
                return 0.25 * (cos(angle) * j + sin(angle) * i) + 0.08 * rng.normal()
            }
        }
    }

    /// A 64×64 synthetic "photo": sky gradient, ground, sun, a box-shaped
    /// subject, varied by `variant`.
    static func photo(_ variant: Int) -> RasterImage {
        var rng = FixtureRandom(seed: 100 + UInt64(variant))
        let n = 64
        let hue = (0..<3).map { _ in 0.35 + 0.6 * rng.uniform() }
        let cx = 20 + Double(variant * 7 % 24), cy = 34 + Double(variant * 5 % 12), r = 9 + Double(variant % 3) * 3
        var rgb = [UInt8](repeating: 0, count: n * n * 3)
        for y in 0..<n {
            for x in 0..<n {
                let fy = Double(y) / Double(n - 1), fx = Double(x) / Double(n - 1)
                var c: [Double]
                if Double(y) > 44 + 4 * sin(Double(x) / 9 + Double(variant)) {
                    c = [0.35 + 0.2 * fx, 0.45 + 0.15 * hue[1], 0.2]  // ground
                } else {
                    c = [0.45 + 0.4 * fy, 0.6 + 0.3 * fy, 0.95 - 0.2 * fy]  // sky
                }
                let d = ((Double(x) - cx) * (Double(x) - cx) + (Double(y) - cy) * (Double(y) - cy)).squareRoot()
                if d < r { c = hue.map { $0 * (1.05 - 0.5 * d / r) } }  // subject with shading
                if abs(Double(x) - 52) < 5 && abs(Double(y) - 12) < 5 { c = [1, 0.85, 0.3] }  // sun
                let noise = 0.04 * rng.normal()
                for k in 0..<3 { rgb[3 * (y * n + x) + k] = UInt8(max(0, min(255, ((c[k] + noise) * 255).rounded()))) }
            }
        }
        return RasterImage(width: n, height: n, rgb: rgb)
    }

    /// 32 feature maps: the photo convolved with the RGB kernels, then ReLU.
    static func featureMaps(of image: RasterImage, kernels: [[Double]]) -> [Matrix] {
        let n = image.width
        return kernels.map { k in
            var out = [Double](repeating: 0, count: n * n)
            for y in 0..<n {
                for x in 0..<n {
                    var acc = 0.0
                    for c in 0..<3 {
                        for i in 0..<3 {
                            for j in 0..<3 {
                                let yy = min(n - 1, max(0, y + i - 1)), xx = min(n - 1, max(0, x + j - 1))
                                acc += k[c * 9 + i * 3 + j] * Double(image.rgba[4 * (yy * n + xx) + c]) / 255
                            }
                        }
                    }
                    out[y * n + x] = max(0, acc)
                }
            }
            return Matrix(rows: n, cols: n, values: out)
        }
    }

    static let misclassifiedCaptions = [
        "3702.Cat.jpg · cat 0.51 / dog 0.49",
        "1187.Dog.jpg · dog 0.38 / cat 0.62",
        "4410.Cat.jpg · cat 0.27 / dog 0.73",
        "0923.Dog.jpg · dog 0.45 / cat 0.55",
        "2561.Cat.jpg · cat 0.08 / dog 0.92",
    ]

    /// Reliability diagram data: per confidence bin, mean confidence and accuracy.
    static func reliability() -> (centers: [Double], accuracy: [Double], confidence: [Double], counts: [Int]) {
        let centers = (0..<10).map { (Double($0) + 0.5) / 10 }
        let accuracy = [0.0, 0.0, 0.0, 0.0, 0.0, 0.53, 0.61, 0.66, 0.74, 0.93]
        let confidence = [0.0, 0.0, 0.0, 0.0, 0.0, 0.56, 0.65, 0.75, 0.85, 0.97]
        let counts = [0, 0, 0, 0, 0, 118, 131, 149, 187, 415]
        return (centers, accuracy, confidence, counts)
    }
}
