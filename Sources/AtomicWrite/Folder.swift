import Foundation

/// Creating folders with an error a user can act on.
public enum Folder {
    /// `mkdir -p`: creates `path` and the folders above it that are missing.
    /// Foundation's createDirectory reports a file in the way as "NSCocoaErrorDomain
    /// error 512"; this names the path that failed and errno's reason.
    public static func create(_ path: String) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            if isDirectory.boolValue { return }
            throw AtomicWriteError(path: path, problem: "is a file, not a folder")
        }
        let parent = (path as NSString).deletingLastPathComponent
        if !parent.isEmpty && parent != path { try create(parent) }
        guard mkdir(path, 0o755) == 0 || errno == EEXIST else {
            throw AtomicWriteError(path: path, problem: "cannot create the folder: \(String(cString: strerror(errno)))")
        }
    }
}
