/// Decoded images of one size, kept as bytes (a quarter of the memory of
/// Float), with their labels and file names.
///
/// A subset shares its parent's bytes instead of copying them: the
/// cats-vs-dogs split into training and validation photos used to hold every
/// labelled photo twice (250 MB more at 64×64), all through training.
public struct ImageSet: Sendable {
    /// Width and height of every image.
    public var side: Int
    /// Images back to back, each `side × side × 3` bytes, HWC; possibly more
    /// than this set's own when it is a subset (see `slots`).
    public private(set) var storage: [UInt8]
    /// Where image i of this set lies in `storage`, counted in images.
    public private(set) var slots: [Int]
    /// Class index per image; empty for an unlabelled set.
    public var labels: [Int]
    /// File name of each image (e.g. "3702.Cat.jpg"), for captions and ids.
    public var names: [String]
    /// Class names in label order (sorted folder names); empty when unlabelled.
    public var classes: [String]
    /// Files that could not be used, each with the reason.
    public var skipped: [DatasetError]

    /// A set of `pixels.count / (side × side × 3)` images stored back to back.
    public init(side: Int, pixels: [UInt8], labels: [Int], names: [String], classes: [String], skipped: [DatasetError]) {
        let bytesPerImage = side * side * 3
        precondition(bytesPerImage > 0 && pixels.count == names.count * bytesPerImage,
                     "\(pixels.count) bytes are not \(names.count) images of \(side)×\(side)×3")
        self.side = side
        storage = pixels
        slots = Array(names.indices)
        self.labels = labels
        self.names = names
        self.classes = classes
        self.skipped = skipped
    }

    public var count: Int { names.count }
    public var bytesPerImage: Int { side * side * 3 }

    public func image(_ index: Int) -> RGBImage {
        let start = slots[index] * bytesPerImage
        return RGBImage(width: side, height: side, pixels: Array(storage[start..<(start + bytesPerImage)]))
    }

    /// Calls `body` with every image's bytes in turn, in this set's order.
    public func forEachImage(_ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        storage.withUnsafeBufferPointer { bytes in
            for slot in slots { body(UnsafeBufferPointer(rebasing: bytes[(slot * bytesPerImage)..<((slot + 1) * bytesPerImage)])) }
        }
    }

    /// The images at `indices`, in that order, sharing this set's bytes.
    public func subset(_ indices: [Int]) -> ImageSet {
        var part = self
        part.slots = indices.map { slots[$0] }
        part.labels = labels.isEmpty ? [] : indices.map { labels[$0] }
        part.names = indices.map { names[$0] }
        return part
    }
}
