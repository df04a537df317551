import Datasets
import Foundation

/// Loads each data set at most once per build and says what it is (fingerprint).
public final class DataCatalog: @unchecked Sendable {
    public let options: BuildOptions
    private var loadedDigits: DigitSplits?

    public init(options: BuildOptions) { self.options = options }

    /// MNIST or Fashion-MNIST, as the options choose.
    public func digits() throws -> DigitSplits {
        if let loadedDigits { return loadedDigits }
        let splits = try Datasets.loadDigits(options.dataset, dataDirectory: options.dataDirectory)
        loadedDigits = splits
        return splits
    }

    public func fingerprint(of input: DataInput) throws -> String {
        switch input {
        case .digits: return "\(options.dataset.rawValue):\(try digits().fingerprint)"
        case .catdog: throw ReportError("the cats-vs-dogs data set is not supported yet")
        }
    }
}
