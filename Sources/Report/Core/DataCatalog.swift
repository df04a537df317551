import Datasets
import Foundation

/// Loads each data set at most once per build and says what it is (fingerprint).
public final class DataCatalog: @unchecked Sendable {
    public let options: BuildOptions
    private var loadedDigits: DigitSplits?
    private var loadedCatDog: CatDogData?

    public init(options: BuildOptions) { self.options = options }

    /// MNIST or Fashion-MNIST, as the options choose.
    public func digits() throws -> DigitSplits {
        if let loadedDigits { return loadedDigits }
        // The networks of Problems 1 and 2 take 28×28 images.
        let splits = try DigitSplits.loadDigits(options.dataset, dataDirectory: options.dataDirectory, imageSide: 28)
        loadedDigits = splits
        return splits
    }

    /// The cats-vs-dogs images, decoded once (a few seconds on two cores).
    public func catdog() throws -> CatDogData {
        if let loadedCatDog { return loadedCatDog }
        let data = try CatDogData.load(options.catdogPath)
        loadedCatDog = data
        return data
    }

    /// What the data is, cheaply: a file hash for the digits, a listing hash for the image folder.
    public func fingerprint(of input: DataInput) throws -> String {
        switch input {
        case .digits:
            return "\(options.dataset.rawValue):\(try digits().fingerprint)"
        case .catdog:
            try CatDogData.requirePresent(options.catdogPath)
            return "catdog:" + (try ImageFolder.fingerprint(options.catdogPath))
        }
    }
}
