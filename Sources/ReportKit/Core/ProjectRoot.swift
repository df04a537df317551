import Foundation

/// The checkout the default folders (`reports/`, `data/`, `templates/`) belong
/// to, found from the working directory upwards.
///
/// Without it, a command run from the wrong folder read `./reports`, found
/// nothing, and listed every step as missing as if that were the project's state.
/// A folder is the checkout when it holds `templates/` and a `Package.swift`
/// that names the package `a1report` (another Swift package's templates are not ours).
public enum ProjectRoot {
    /// The nearest folder at or above `directory` that is the checkout, or nil.
    public static func find(from directory: String) -> String? {
        var current = URL(fileURLWithPath: directory).standardizedFileURL
        while true {
            if isCheckout(current.path) { return current.path }
            let parent = current.deletingLastPathComponent()
            if parent.path == current.path { return nil }
            current = parent
        }
    }

    package static func isCheckout(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path + "/templates", isDirectory: &isDirectory), isDirectory.boolValue,
              let manifest = FileManager.default.contents(atPath: path + "/Package.swift")
        else { return false }
        return String(decoding: manifest, as: UTF8.self).contains("name: \"a1report\"")
    }

    /// The folder a command uses: the one the user named, else `relative`
    /// inside the checkout, spelled relative to `workingDirectory` ("reports"
    /// in the checkout itself, "../reports" one level down) so that messages stay short.
    public static func folder(_ explicit: String?, default relative: String,
                              workingDirectory: String = FileManager.default.currentDirectoryPath) throws -> String {
        if let explicit { return explicit }
        let start = URL(fileURLWithPath: workingDirectory).standardizedFileURL.path
        guard let root = find(from: start) else {
            throw ReportError("\(start): not inside the a1report checkout (no folder above holds its Package.swift and templates/); "
                + "run the command in the checkout, or name the folder with --\(relative)-dir")
        }
        let depth = URL(fileURLWithPath: start).pathComponents.count - URL(fileURLWithPath: root).pathComponents.count
        return String(repeating: "../", count: depth) + relative
    }
}
