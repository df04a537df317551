import Datasets
import Foundation
import ReportKit

/// Loads each data set at most once per build and says what it is (fingerprint).
public final class DataCatalog: DataSource, @unchecked Sendable {
    public let options: BuildOptions
    /// Where files skipped while loading are named (nowhere when nil).
    let progress: ProgressReporter?
    private var loadedDigits: DigitSplits?
    private var loadedCatDog: CatDogData?
    /// Each input's fingerprint, taken once: a build asks for it per step and
    /// again for its plan, and the photo folder's costs a walk of 25,000 files.
    private var fingerprints: [DataInput: String] = [:]

    public init(options: BuildOptions, progress: ProgressReporter? = nil) {
        self.options = options
        self.progress = progress
    }

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
        logSkipped(data.train.skipped + data.test.skipped)
        return data
    }

    /// Each skipped file on its own line, once per build (the step results and
    /// the report list them too, but only after the steps have run).
    private func logSkipped(_ skipped: [DatasetError]) {
        guard let progress, !skipped.isEmpty else { return }
        let shown = 20
        progress.log("warning: skipped \(NumberFormat.counted(skipped.count, "file")) of the cats-vs-dogs photos:")
        for file in skipped.prefix(shown) { progress.log("  \(file)") }
        if skipped.count > shown { progress.log("  … and \(skipped.count - shown) more (all listed in the p3.train result)") }
    }

    /// What the data is, cheaply: a file hash for the digits, a listing hash for the image folder.
    public func fingerprint(of input: DataInput) throws -> String {
        if let known = fingerprints[input] { return known }
        let fingerprint = try takeFingerprint(of: input)
        fingerprints[input] = fingerprint
        return fingerprint
    }

    private func takeFingerprint(of input: DataInput) throws -> String {
        switch input {
        case .digits:
            let hash = try loadedDigits?.fingerprint ?? DigitSplits.fingerprint(options.dataset, dataDirectory: options.dataDirectory)
            return "\(options.dataset.rawValue):\(hash)"
        case .catdog:
            try CatDogData.requirePresent(options.catdogPath)
            return "catdog:" + (try ImageFolder.fingerprint(options.catdogPath))
        default:
            throw ReportError("no data set called '\(input.rawValue)'; this report reads \(DataInput.digits.rawValue) and \(DataInput.catdog.rawValue)")
        }
    }
}

extension DataInput {
    /// MNIST or Fashion-MNIST, as chosen by `--dataset`.
    public static let digits = DataInput(rawValue: "digits")
    /// The cats-vs-dogs image folder.
    public static let catdog = DataInput(rawValue: "catdog")
}
