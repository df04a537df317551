import Checksums
import Tensor

/// The classic `mnist.pkl.gz` (deeplearning.net / Nielsen's book): a gzipped
/// Python 2 pickle of `(train, valid, test)`, each `(float32 images [n, 784]
/// in [0, 1], int64 labels [n])`, split 50000/10000/10000.
public enum MNIST {
    public static let fileName = "mnist.pkl.gz"
    static let classCount = 10

    public static func loadPickle(_ path: String) throws -> DigitSplits {
        let contents = try FileBytes.read(path)
        let (fingerprint, splits) = try concurrently({ SHA256.hex(contents) }) {
            try decode(contents, file: path)
        }
        return DigitSplits(
            train: splits[0], valid: splits[1], test: splits[2], fingerprint: fingerprint, source: fileName)
    }

    /// The three splits of a gzipped pickle.
    static func decode(_ contents: [UInt8], file: String) throws -> [LabelledImages] {
        let value = try Pickle.load(try Gzip.decompress(contents, file: file), file: file)
        guard let parts = value.tupleItems, parts.count == 3 else {
            throw DatasetError(file: file, problem: "expected a (train, valid, test) tuple, found \(value.kindDescription)")
        }
        return try zip(["train", "valid", "test"], parts).map { name, part in
            try labelledImages(part, split: name, file: file)
        }
    }

    /// One `(images, labels)` pair, checked for shapes and value ranges.
    static func labelledImages(_ part: PickleValue, split: String, file: String) throws -> LabelledImages {
        func fail(_ problem: String) -> DatasetError { DatasetError(file: file, problem: "\(split) split: \(problem)") }
        guard let pair = part.tupleItems, pair.count == 2, let images = pair[0].array, let labels = pair[1].array else {
            throw fail("expected an (images, labels) pair of arrays, found \(part.kindDescription)")
        }
        guard images.shape.count == 2, let side = squareSide(images.shape[1]) else {
            throw fail("images have shape \(images.shape), expected [n, h*w] with square images")
        }
        // An empty split trains on nothing (p1.init stopped on it) or scores 0/0 = NaN.
        guard images.shape[0] > 0 else {
            throw fail("no images (the array has shape \(images.shape)); every split needs at least one")
        }
        guard labels.shape == [images.shape[0]] else {
            throw fail("labels have shape \(labels.shape) but there are \(images.shape[0]) images")
        }
        guard let pixels = images.floatValues() else { throw fail("images are \(images.dtype.rawValue), expected floats") }
        guard let classes = labels.intValues() else { throw fail("labels are \(labels.dtype.rawValue), expected integers") }
        if let bad = classes.firstIndex(where: { !(0..<classCount).contains($0) }) {
            throw fail("label \(classes[bad]) at index \(bad) is outside 0..<\(classCount)")
        }
        if let bad = firstOutsideUnitInterval(pixels) {
            throw fail("pixel value \(pixels[bad]) at flat index \(bad) is outside [0, 1]")
        }
        return LabelledImages(
            images: Tensor(shape: images.shape, scalars: pixels), labels: classes,
            imageShape: [1, side, side], classCount: classCount)
    }

    static func squareSide(_ area: Int) -> Int? {
        let side = Int(Double(area).squareRoot().rounded())
        return side > 0 && side * side == area ? side : nil
    }

    /// Index of the first value not in [0, 1] (NaN included). A plain pointer
    /// scan decides whether to search at all: almost every file passes, and
    /// this touches 55M values, also in unoptimised test builds.
    static func firstOutsideUnitInterval(_ values: [Float]) -> Int? {
        let anyBad = values.withUnsafeBufferPointer { p in
            var bad = false
            var i = 0
            while i < p.count {
                bad = bad || !(p[i] >= 0 && p[i] <= 1)
                i &+= 1
            }
            return bad
        }
        return anyBad ? values.firstIndex { !($0 >= 0 && $0 <= 1) } : nil
    }
}
