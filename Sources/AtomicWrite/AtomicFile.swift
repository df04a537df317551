import Foundation

/// Why a file could not be written: one line, the path first.
public struct AtomicWriteError: Error, CustomStringConvertible, Equatable, Sendable {
    public let path: String
    public let problem: String

    public init(path: String, problem: String) {
        self.path = path
        self.problem = problem
    }

    public var description: String { "\(path): \(problem)" }
}

/// Writes that never leave a half-written file behind: the bytes go to a
/// temporary file in the same directory, which is then renamed over the target
/// (rename is atomic within one file system).
///
/// Only a regular file or nothing is replaced. rename(2) would swap a device
/// node, a FIFO or a symbolic link for a regular file without a word (as root,
/// `--out /dev/full` turned the device into a PNG), so those are refused.
/// A symbolic link is refused rather than written through: following it would
/// let a link planted in reports/ send a build's output to any file the user
/// may write, and replacing it would silently drop the link. Whoever wants the
/// output at the link's target can name the target.
/// (The check and the rename are two steps; this guards against mistakes, not
/// against a process racing us in the same folder.)
public enum AtomicFile {
    public static func write(_ data: Data, to path: String) throws {
        try requireReplaceable(path)
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent()
        do {
            try Folder.create(directory.path)
        } catch let error as AtomicWriteError {
            throw AtomicWriteError(path: path, problem: "cannot create its folder (\(error))")
        }
        let temporary = directory.appendingPathComponent(temporaryName(for: url.lastPathComponent))
        do {
            try data.write(to: temporary, options: .withoutOverwriting)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw AtomicWriteError(path: path, problem: "cannot write: \(reason(error))")
        }
        guard rename(temporary.path, url.path) == 0 else {
            let problem = "cannot move the new file into place: \(String(cString: strerror(errno)))"
            unlink(temporary.path)
            throw AtomicWriteError(path: path, problem: problem)
        }
    }

    /// ".<name>.tmp-<pid>-<random>", the name shortened so that the whole stays
    /// within NAME_MAX (255 bytes): a 250-byte target is a valid name, and its
    /// temporary must be one too.
    static func temporaryName(for name: String) -> String {
        let suffix = ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let room = 255 - 1 - suffix.utf8.count
        var kept = Substring(name)
        while kept.utf8.count > room { kept = kept.dropLast() }
        return "." + kept + suffix
    }

    public static func write(_ text: String, to path: String) throws {
        try write(Data(text.utf8), to: path)
    }

    /// Throws unless `path` is absent or a regular file (the link itself is
    /// examined, not what it points to).
    static func requireReplaceable(_ path: String) throws {
        var status = stat()
        guard lstat(path, &status) == 0 else {
            if errno == ENOENT || errno == ENOTDIR { return }  // nothing there (or a parent to create)
            throw AtomicWriteError(path: path, problem: "cannot examine: \(String(cString: strerror(errno)))")
        }
        let kind: String
        switch status.st_mode & S_IFMT {
        case S_IFREG: return
        case S_IFLNK: kind = "a symbolic link"
        case S_IFDIR: kind = "a directory"
        case S_IFIFO: kind = "a named pipe (FIFO)"
        case S_IFCHR: kind = "a character device"
        case S_IFBLK: kind = "a block device"
        case S_IFSOCK: kind = "a socket"
        default: kind = "of an unknown type"
        }
        throw AtomicWriteError(
            path: path, problem: "is \(kind), not a regular file; refusing to replace it (remove it or choose another path)")
    }

    /// The POSIX reason of a Foundation file error when there is one
    /// ("No space left on device"), not NSError's multi-line dump.
    private static func reason(_ error: Error) -> String {
        let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError
        if let underlying, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        return error.localizedDescription.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
