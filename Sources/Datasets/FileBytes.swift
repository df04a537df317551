import Foundation

/// Reading whole data files, with failures turned into `DatasetError`s that
/// name the file and say how to get a good copy.
enum FileBytes {
    /// The bytes of `path`; missing and empty files are errors because no
    /// data file we read is legitimately empty (an empty one is an
    /// interrupted download).
    static func read(_ path: String, missingHint: String = DatasetError.downloadHint) throws -> [UInt8] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw DatasetError.missing(path, hint: missingHint)
        }
        if isDirectory.boolValue {
            throw DatasetError(file: path, problem: "is a directory, expected a data file")
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        } catch {
            throw DatasetError(file: path, problem: "cannot be read (\(error.localizedDescription))")
        }
        if data.isEmpty {
            throw DatasetError(file: path, problem: "empty file (0 bytes); delete it and \(missingHint)")
        }
        return [UInt8](data)
    }
}
