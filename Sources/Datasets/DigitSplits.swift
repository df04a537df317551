import Checksums
import Foundation

/// The datasets of 28×28 grey images in ten classes that the report trains on.
public enum DatasetName: String, CaseIterable, Sendable {
    case mnist
    case fashionMNIST = "fashion-mnist"
}

/// A dataset split three ways, with a fingerprint of the files it came from
/// so a report can state (and a cache can key on) exactly which data was used.
public struct DigitSplits: Equatable, Sendable {
    public var train: LabelledImages
    public var valid: LabelledImages
    public var test: LabelledImages
    /// Lower-case hex SHA-256: of the file for MNIST; for several files, of a
    /// `sha256sum`-style manifest of them (see `FashionMNIST.load`).
    public var fingerprint: String
    /// Where the data came from, without machine paths, e.g. "mnist.pkl.gz".
    public var source: String

    public init(train: LabelledImages, valid: LabelledImages, test: LabelledImages, fingerprint: String, source: String) {
        self.train = train
        self.valid = valid
        self.test = test
        self.fingerprint = fingerprint
        self.source = source
    }

    /// The one entry point: MNIST from `<dataDirectory>/mnist.pkl.gz`;
    /// Fashion-MNIST from `<dataDirectory>/fashion-mnist/` if present, else
    /// from the Debian package's directory. With `imageSide`, images of any
    /// other size are refused: the loaders read any square size, but a
    /// network built for 28×28 would stop on a precondition at its first layer.
    /// The fingerprint `loadDigits` gives the same files, from their bytes
    /// alone: a hash without decompressing or decoding anything, so that a
    /// build whose results are all current reads no data set.
    public static func fingerprint(_ name: DatasetName, dataDirectory: String) throws -> String {
        switch name {
        case .mnist:
            return SHA256.hex(try FileBytes.read(joinPath(dataDirectory, MNIST.fileName)))
        case .fashionMNIST:
            let directory = try FashionMNIST.directory(in: dataDirectory)
            let paths = try FashionMNIST.files.map { try FashionMNIST.existingPath(directory, $0) }
            let contents = try paths.map { try FileBytes.read($0, missingHint: FashionMNIST.installHint) }
            return FashionMNIST.manifestHash(paths, contents)
        }
    }

    public static func loadDigits(_ name: DatasetName, dataDirectory: String, imageSide: Int? = nil) throws -> DigitSplits {
        let splits: DigitSplits, file: String
        switch name {
        case .mnist:
            file = joinPath(dataDirectory, MNIST.fileName)
            splits = try MNIST.loadPickle(file)
        case .fashionMNIST:
            file = try FashionMNIST.directory(in: dataDirectory)
            splits = try FashionMNIST.load(directory: file)
        }
        if let imageSide, let shape = [splits.train, splits.valid, splits.test].map(\.imageShape).first(where: { $0 != [1, imageSide, imageSide] }) {
            throw DatasetError(
                file: file, problem: "images are \(shape.dropFirst().map(String.init).joined(separator: "×")), expected \(imageSide)×\(imageSide)")
        }
        return splits
    }
}

func joinPath(_ directory: String, _ name: String) -> String {
    directory.isEmpty ? name : directory.hasSuffix("/") ? directory + name : directory + "/" + name
}

func fileExists(_ path: String, directory wanted: Bool = false) -> Bool {
    var isDirectory: ObjCBool = false
    return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue == wanted
}
