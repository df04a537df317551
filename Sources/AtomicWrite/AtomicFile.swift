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
public enum AtomicFile {
    public static func write(_ data: Data, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw AtomicWriteError(path: path, problem: "cannot create the folder \(directory.path)")
        }
        let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
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

    public static func write(_ text: String, to path: String) throws {
        try write(Data(text.utf8), to: path)
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
