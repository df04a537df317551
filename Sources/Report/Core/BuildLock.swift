import Foundation

/// One build at a time per reports folder. flock(2) is released by the kernel
/// when the process dies, so a killed build never leaves a stale lock.
final class BuildLock {
    private let descriptor: Int32

    init(directory: String, progress: ProgressReporter) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/.lock"
        descriptor = open(path, O_CREAT | O_RDWR, 0o644)
        guard descriptor >= 0 else {
            throw ReportError("\(path): cannot open the build lock: \(String(cString: strerror(errno)))")
        }
        if flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            progress.log("another build is running in \(directory)/; waiting for it to finish")
            guard flock(descriptor, LOCK_EX) == 0 else {
                close(descriptor)
                throw ReportError("\(path): cannot take the build lock: \(String(cString: strerror(errno)))")
            }
        }
    }

    func release() {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
