/// Why a data file could not be used, phrased for the person who has to fix it.
///
/// The description is a single line, `<file>: <problem>`, because it ends up in
/// terminal output and logs where the file name is the first thing a user
/// needs in order to act (re-download, delete, install a package).
public struct DatasetError: Error, CustomStringConvertible, Equatable, Sendable {
    public let file: String
    public let problem: String

    public init(file: String, problem: String) {
        self.file = file
        // Keep the "one line" promise even when a problem embeds library text.
        self.problem = problem.split(whereSeparator: \.isNewline).joined(separator: " ")
    }

    public var description: String { "\(file): \(problem)" }
}

extension DatasetError {
    /// The hint shown for files that `make data` downloads.
    static let downloadHint = "run `make data` to download it"

    static func missing(_ file: String, hint: String = downloadHint) -> DatasetError {
        DatasetError(file: file, problem: "file not found (\(hint))")
    }
}
