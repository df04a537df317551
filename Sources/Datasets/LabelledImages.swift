import Tensor

/// A set of images with their class labels, images flattened one per row.
public struct LabelledImages: Equatable, Sendable {
    /// `[count, c*h*w]`, pixel values in [0, 1].
    public var images: Tensor<Float>
    /// One class index in `0..<classCount` per image.
    public var labels: [Int]
    /// `[c, h, w]` of one image, e.g. `[1, 28, 28]`.
    public var imageShape: [Int]
    public var classCount: Int

    public init(images: Tensor<Float>, labels: [Int], imageShape: [Int], classCount: Int) {
        precondition(images.rank == 2 && images.shape[0] == labels.count, "\(labels.count) labels for images \(images.shape)")
        precondition(imageShape.reduce(1, *) == images.shape[1], "image shape \(imageShape) does not match rows of \(images.shape[1])")
        self.images = images
        self.labels = labels
        self.imageShape = imageShape
        self.classCount = classCount
    }

    public var count: Int { labels.count }

    /// Number of images per class, indexed by label.
    public var classHistogram: [Int] {
        var counts = [Int](repeating: 0, count: classCount)
        for label in labels { counts[label] += 1 }
        return counts
    }

    /// The images and labels at positions `range`, copied.
    public func subset(_ range: Range<Int>) -> LabelledImages {
        with(images: images.slice(rows: range), labels: Array(labels[range]))
    }

    /// The images and labels at `indices`, in that order (for shuffled batches).
    public func gather(_ indices: some Collection<Int>) -> LabelledImages {
        with(images: images.gather(rows: indices), labels: indices.map { labels[$0] })
    }

    /// `self` followed by `other`, which must hold images of the same shape.
    public func concatenated(with other: LabelledImages) -> LabelledImages {
        precondition(imageShape == other.imageShape, "cannot concatenate \(imageShape) and \(other.imageShape) images")
        precondition(classCount == other.classCount, "cannot concatenate \(classCount) and \(other.classCount) classes")
        return with(
            images: Tensor(shape: [count + other.count, images.shape[1]], scalars: images.scalars + other.images.scalars),
            labels: labels + other.labels)
    }

    private func with(images: Tensor<Float>, labels: [Int]) -> LabelledImages {
        LabelledImages(images: images, labels: labels, imageShape: imageShape, classCount: classCount)
    }
}
