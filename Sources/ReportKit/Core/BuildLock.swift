import Foundation
import AtomicWrite

/// One build at a time per reports folder, and one process at a time per run.
/// flock(2) is released by the kernel when the process dies, so a killed build
/// never leaves a stale lock.
package final class BuildLock {
    private let descriptor: Int32

    package convenience init(directory: String, progress: ProgressReporter) throws {
        try self.init(path: Self.folderLockPath(directory), holder: "another build is running in \(directory)/", progress: progress)
    }

    /// The lock of a whole build in the reports folder `directory`.
    package static func folderLockPath(_ directory: String) -> String { directory + "/.lock" }

    /// Takes the lock at `path`, waiting (and saying `holder`) while another process holds it.
    package init(path: String, holder: String, progress: ProgressReporter) throws {
        try Folder.create((path as NSString).deletingLastPathComponent)
        // Not through a symbolic link: like every file the project writes, the
        // lock is created where it is named, never wherever a link points.
        descriptor = open(path, O_CREAT | O_RDWR | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            let reason = errno == ELOOP ? "it is a symbolic link; remove it" : String(cString: strerror(errno))
            throw ReportError("\(path): cannot open the build lock: \(reason)")
        }
        if flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            progress.log("\(holder); waiting for it to finish")
            guard flock(descriptor, LOCK_EX) == 0 else {
                close(descriptor)
                throw ReportError("\(path): cannot take the build lock: \(String(cString: strerror(errno)))")
            }
        }
    }

    /// Whether some process holds the lock at `path` now: a build or a Slurm
    /// task training that run. Probed with a shared lock taken and dropped at
    /// once; a missing file is a lock nobody holds. A build that asks for the
    /// lock in that instant waits for the probe, which takes microseconds.
    package static func isHeld(path: String) -> Bool {
        let descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        if flock(descriptor, LOCK_SH | LOCK_NB) == 0 {
            flock(descriptor, LOCK_UN)
            return false
        }
        return errno == EWOULDBLOCK
    }

    package func release() {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
