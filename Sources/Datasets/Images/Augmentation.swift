import Foundation
import Tensor

/// Training-time augmentation as the original used it (MXNet/torchvision
/// style): random resized crop, horizontal flip, colour jitter and AlexNet's
/// PCA lighting noise, ending in a Float CHW image in [0, 1].
public struct Augmentation: Codable, Sendable, Equatable {
    public var cropScale: ClosedRange<Double> = 0.75...1
    public var cropRatio: ClosedRange<Double> = (3.0 / 4)...(4.0 / 3)
    public var flipProbability = 0.5
    public var brightness = 0.4
    public var contrast = 0.4
    public var saturation = 0.4
    public var lightingStd = 0.1

    public init() {}

    /// Only the conversion to [0, 1]: what evaluation uses.
    public static let none: Augmentation = {
        var a = Augmentation()
        a.cropScale = 1...1
        a.cropRatio = 1...1
        a.flipProbability = 0
        a.brightness = 0
        a.contrast = 0
        a.saturation = 0
        a.lightingStd = 0
        return a
    }()

    /// AlexNet's ImageNet RGB eigenvalues and eigenvectors (columns).
    static let eigenvalues: [Float] = [0.2175, 0.0188, 0.0045]
    static let eigenvectors: [[Float]] = [
        [-0.5675, 0.7192, 0.4009],
        [-0.5808, -0.0045, -0.8140],
        [-0.5836, -0.6948, 0.4203],
    ]

    /// A crop rectangle in source pixels: x, y, width, height.
    public struct Crop: Equatable, Sendable {
        public var x: Int, y: Int, width: Int, height: Int
    }

    /// torchvision's RandomResizedCrop sampling: area share and log-uniform
    /// aspect ratio, ten tries, then the whole image.
    public func sampleCrop(side: Int, rng: inout SeededGenerator) -> Crop {
        let area = Double(side * side)
        for _ in 0..<10 {
            let target = area * rng.uniform(cropScale.lowerBound, cropScale.upperBound.nextUp)
            let logRatio = rng.uniform(log(cropRatio.lowerBound), log(cropRatio.upperBound).nextUp)
            let ratio = exp(logRatio)
            let w = Int((target * ratio).squareRoot().rounded()), h = Int((target / ratio).squareRoot().rounded())
            if w > 0, h > 0, w <= side, h <= side {
                return Crop(x: rng.integer(below: side - w + 1), y: rng.integer(below: side - h + 1), width: w, height: h)
            }
        }
        return Crop(x: 0, y: 0, width: side, height: side)
    }

    /// One augmented image written as CHW floats into `out` (3·side·side values).
    public func apply(_ pixels: UnsafeBufferPointer<UInt8>, side: Int, into out: UnsafeMutableBufferPointer<Float>, rng: inout SeededGenerator) {
        let crop = sampleCrop(side: side, rng: &rng)
        let flip = rng.nextUnitDouble() < flipProbability
        resample(pixels, side: side, crop: crop, flip: flip, into: out)
        if brightness > 0 { scaleBrightness(out, factor: Float(rng.uniform(1 - brightness, 1 + brightness))) }
        if contrast > 0 { scaleContrast(out, plane: side * side, factor: Float(rng.uniform(1 - contrast, 1 + contrast))) }
        if saturation > 0 { scaleSaturation(out, plane: side * side, factor: Float(rng.uniform(1 - saturation, 1 + saturation))) }
        if lightingStd > 0 {
            let alphas = (0..<3).map { _ in Float(rng.normal() * lightingStd) }
            addLighting(out, plane: side * side, alphas: alphas)
        }
    }

    /// Bilinear sampling of the crop onto the full output grid, mirrored when flipped.
    func resample(_ pixels: UnsafeBufferPointer<UInt8>, side: Int, crop: Crop, flip: Bool, into out: UnsafeMutableBufferPointer<Float>) {
        let plane = side * side
        let sx = Double(crop.width) / Double(side), sy = Double(crop.height) / Double(side)
        for y in 0..<side {
            let fy = max(0, min(Double(crop.height - 1), (Double(y) + 0.5) * sy - 0.5)) + Double(crop.y)
            let y0 = Int(fy), y1 = min(y0 + 1, crop.y + crop.height - 1)
            let wy = Float(fy - Double(y0))
            for x in 0..<side {
                let sourceX = flip ? side - 1 - x : x
                let fx = max(0, min(Double(crop.width - 1), (Double(sourceX) + 0.5) * sx - 0.5)) + Double(crop.x)
                let x0 = Int(fx), x1 = min(x0 + 1, crop.x + crop.width - 1)
                let wx = Float(fx - Double(x0))
                for c in 0..<3 {
                    let p00 = Float(pixels[(y0 * side + x0) * 3 + c]), p01 = Float(pixels[(y0 * side + x1) * 3 + c])
                    let p10 = Float(pixels[(y1 * side + x0) * 3 + c]), p11 = Float(pixels[(y1 * side + x1) * 3 + c])
                    let top = p00 + (p01 - p00) * wx, bottom = p10 + (p11 - p10) * wx
                    out[c * plane + y * side + x] = (top + (bottom - top) * wy) / 255
                }
            }
        }
    }

    func scaleBrightness(_ out: UnsafeMutableBufferPointer<Float>, factor: Float) {
        for i in out.indices { out[i] = min(1, max(0, out[i] * factor)) }
    }

    /// Blend with the image's mean grey level (torchvision's adjust_contrast).
    func scaleContrast(_ out: UnsafeMutableBufferPointer<Float>, plane: Int, factor: Float) {
        var mean: Float = 0
        for i in 0..<plane { mean += 0.299 * out[i] + 0.587 * out[plane + i] + 0.114 * out[2 * plane + i] }
        mean /= Float(plane)
        for i in out.indices { out[i] = min(1, max(0, mean + (out[i] - mean) * factor)) }
    }

    /// Blend each pixel with its own grey level.
    func scaleSaturation(_ out: UnsafeMutableBufferPointer<Float>, plane: Int, factor: Float) {
        for i in 0..<plane {
            let grey = 0.299 * out[i] + 0.587 * out[plane + i] + 0.114 * out[2 * plane + i]
            for c in 0..<3 { out[c * plane + i] = min(1, max(0, grey + (out[c * plane + i] - grey) * factor)) }
        }
    }

    /// AlexNet's lighting noise: one RGB shift along the principal components, for the whole image.
    func addLighting(_ out: UnsafeMutableBufferPointer<Float>, plane: Int, alphas: [Float]) {
        for c in 0..<3 {
            var shift: Float = 0
            for k in 0..<3 { shift += Self.eigenvectors[c][k] * alphas[k] * Self.eigenvalues[k] }
            for i in 0..<plane { out[c * plane + i] = min(1, max(0, out[c * plane + i] + shift)) }
        }
    }
}

extension ImageSet {
    /// A batch as Float [count, 3·side·side]. Each image gets its own generator,
    /// seeded in order from `rng`, so the batch is the same whatever the thread count.
    public func batch(_ indices: [Int], augmentation: Augmentation, rng: inout SeededGenerator) -> Tensor<Float> {
        let size = 3 * side * side
        let seeds = indices.map { _ in rng.next() }
        var out = [Float](repeating: 0, count: indices.count * size)
        storage.withUnsafeBufferPointer { source in
            out.withUnsafeMutableBufferPointer { target in
                let target = target
                parallelChunks(indices.count) { range in
                    for j in range {
                        var local = SeededGenerator(seed: seeds[j])
                        let slot = slots[indices[j]]
                        let image = UnsafeBufferPointer(rebasing: source[(slot * bytesPerImage)..<((slot + 1) * bytesPerImage)])
                        let output = UnsafeMutableBufferPointer(rebasing: target[(j * size)..<((j + 1) * size)])
                        augmentation.apply(image, side: side, into: output, rng: &local)
                    }
                }
            }
        }
        return Tensor(shape: [indices.count, size], scalars: out)
    }
}
