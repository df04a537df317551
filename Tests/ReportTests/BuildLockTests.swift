import Foundation
import XCTest
@testable import ReportKit
@testable import Sections

/// The lock files of builds and runs.
final class BuildLockTests: XCTestCase {
    /// A link at the lock's place is refused, and nothing is created where it points.
    func testALockIsNeverTakenThroughASymbolicLink() throws {
        let directory = TemporaryDirectory("lock")
        defer { directory.remove() }
        let target = directory.file("elsewhere")
        try FileManager.default.createSymbolicLink(atPath: directory.file(".lock"), withDestinationPath: target)
        XCTAssertThrowsError(try BuildLock(directory: directory.path, progress: CapturedLog().reporter)) { error in
            XCTAssertEqual("\(error)", "\(directory.file(".lock")): cannot open the build lock: it is a symbolic link; remove it")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: target))
    }

    func testTheLockIsTakenAgainOnceReleased() throws {
        let directory = TemporaryDirectory("lock")
        defer { directory.remove() }
        let first = try BuildLock(directory: directory.path, progress: CapturedLog().reporter)
        first.release()
        let second = try BuildLock(directory: directory.path, progress: CapturedLog().reporter)
        second.release()
    }
}
