import Checksums

/// Fashion-MNIST (Zalando) from its IDX distribution files: 60000 training
/// images, of which the first 50000 train and the last 10000 validate (the
/// same 50k/10k/10k shape as MNIST), and 10000 test images.
public enum FashionMNIST {
    /// Where the Debian package `dataset-fashion-mnist` installs the files;
    /// used when the data directory has no `fashion-mnist/` of its own.
    public static let systemDirectory = "/usr/share/datasets/fashion-mnist"
    public static let directoryName = "fashion-mnist"
    static let installHint = "install the Debian package dataset-fashion-mnist, or run `make data`"
    static let classCount = 10
    static let trainCount = 50_000

    static let files = [
        "train-images-idx3-ubyte", "train-labels-idx1-ubyte",
        "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte",
    ]

    /// `<dataDirectory>/fashion-mnist` if it exists, else the system directory.
    static func directory(in dataDirectory: String) throws -> String {
        let local = joinPath(dataDirectory, directoryName)
        if fileExists(local, directory: true) { return local }
        if fileExists(systemDirectory, directory: true) { return systemDirectory }
        throw DatasetError.missing(local, hint: installHint)
    }

    /// Loads the four IDX files (`.gz` or plain) from `directory`.
    ///
    /// The fingerprint is the SHA-256 of the manifest `"<sha256>  <name>\n"`
    /// for the four files in the order of `files`, i.e. of what `sha256sum`
    /// prints for them, so it changes if any file does.
    public static func load(directory: String) throws -> DigitSplits {
        try load(directory: directory, trainCount: trainCount)
    }

    /// `trainCount` is a parameter only so tests can use tiny files.
    static func load(directory: String, trainCount: Int) throws -> DigitSplits {
        let paths = try files.map { try existingPath(directory, $0) }
        let contents = try paths.map { try FileBytes.read($0, missingHint: installHint) }
        let (fingerprint, (full, test)) = try concurrently({ manifestHash(paths, contents) }) {
            (try pair(contents, paths, 0), try pair(contents, paths, 2))
        }
        guard full.count > trainCount else {
            throw DatasetError(
                file: paths[0], problem: "has \(full.count) training images, need more than \(trainCount) to split off validation")
        }
        return DigitSplits(
            train: full.subset(0..<trainCount), valid: full.subset(trainCount..<full.count), test: test,
            fingerprint: fingerprint, source: directoryName)
    }

    /// The images file at `index` and the labels file after it, decoded together.
    static func pair(_ contents: [[UInt8]], _ paths: [String], _ index: Int) throws -> LabelledImages {
        let images = try IDX.parse(contents[index], file: paths[index], expectedMagic: IDX.imagesMagic)
        try IDX.requireImages(images, file: paths[index])
        let labels = try IDX.parse(contents[index + 1], file: paths[index + 1], expectedMagic: IDX.labelsMagic)
        return try IDX.combine(images: images, labels: labels, labelsFile: paths[index + 1], classCount: classCount)
    }

    /// SHA-256 of `"<sha256>  <file name>\n"` lines, as `sha256sum` prints them.
    static func manifestHash(_ paths: [String], _ contents: [[UInt8]]) -> String {
        let lines = zip(paths, contents).map { path, bytes in
            "\(SHA256.hex(bytes))  \(path.split(separator: "/").last.map(String.init) ?? path)\n"
        }
        return SHA256.hex(lines.joined())
    }

    /// `name.gz` if present, else the uncompressed `name`; a missing file is
    /// reported under its usual `.gz` name.
    static func existingPath(_ directory: String, _ name: String) throws -> String {
        let gzipped = joinPath(directory, name + ".gz")
        if fileExists(gzipped) { return gzipped }
        let plain = joinPath(directory, name)
        if fileExists(plain) { return plain }
        throw DatasetError.missing(gzipped, hint: installHint)
    }
}
