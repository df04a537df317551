/// Decoded images of one size, kept as bytes (a quarter of the memory of
/// Float), with their labels and file names.
public struct ImageSet: Sendable {
    /// Width and height of every image.
    public var side: Int
    /// All images back to back, each `side × side × 3` bytes, HWC.
    public var pixels: [UInt8]
    /// Class index per image; empty for an unlabelled set.
    public var labels: [Int]
    /// File name of each image (e.g. "3702.Cat.jpg"), for captions and ids.
    public var names: [String]
    /// Class names in label order (sorted folder names); empty when unlabelled.
    public var classes: [String]
    /// Files that could not be used, each with the reason.
    public var skipped: [DatasetError]

    public var count: Int { names.count }
    public var bytesPerImage: Int { side * side * 3 }

    public func image(_ index: Int) -> RGBImage {
        let start = index * bytesPerImage
        return RGBImage(width: side, height: side, pixels: Array(pixels[start..<(start + bytesPerImage)]))
    }

    /// The images at `indices`, in that order.
    public func subset(_ indices: [Int]) -> ImageSet {
        var bytes = [UInt8]()
        bytes.reserveCapacity(indices.count * bytesPerImage)
        for i in indices { bytes += pixels[(i * bytesPerImage)..<((i + 1) * bytesPerImage)] }
        return ImageSet(
            side: side, pixels: bytes, labels: labels.isEmpty ? [] : indices.map { labels[$0] },
            names: indices.map { names[$0] }, classes: classes, skipped: skipped)
    }
}
