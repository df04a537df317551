import Foundation
import XCTest
@testable import AtomicWrite

/// The atomic write replaces regular files and creates missing ones, and
/// refuses anything else at the target: a device, a FIFO or a symlink would
/// otherwise be swapped for a regular file without a word.
final class AtomicFileTests: XCTestCase {
    var directory = ""

    override func setUpWithError() throws {
        directory = NSTemporaryDirectory() + "atomic-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: directory) }

    func entries() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: directory).sorted() }

    func testCreatesAndReplacesRegularFilesLeavingNoTemporary() throws {
        let path = directory + "/sub/result.json"
        try AtomicFile.write("first", to: path)
        try AtomicFile.write("second", to: path)
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "second")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory + "/sub"), ["result.json"])
    }

    /// Refused with one line naming the path, and the target left as it was.
    func assertRefused(_ path: String, saying kind: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let before = try FileManager.default.attributesOfItem(atPath: path)[.type] as? FileAttributeType
        XCTAssertThrowsError(try AtomicFile.write("figure", to: path), file: file, line: line) { error in
            let text = "\(error)"
            XCTAssertTrue(text.hasPrefix(path + ": "), text, file: file, line: line)
            XCTAssertTrue(text.contains(kind), text, file: file, line: line)
            XCTAssertFalse(text.contains("\n"), text, file: file, line: line)
        }
        let after = try FileManager.default.attributesOfItem(atPath: path)[.type] as? FileAttributeType
        XCTAssertEqual(after, before, "the target was replaced", file: file, line: line)
        XCTAssertFalse(try entries().contains { $0.contains(".tmp") }, "temporary file left behind", file: file, line: line)
    }

    func testRefusesAFIFO() throws {
        let path = directory + "/fifo.png"
        XCTAssertEqual(mkfifo(path, 0o644), 0)
        try assertRefused(path, saying: "named pipe")
    }

    func testRefusesASymlinkAndLeavesItsTargetAlone() throws {
        let target = directory + "/target.txt", link = directory + "/link.png"
        try AtomicFile.write("keep", to: target)
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        try assertRefused(link, saying: "symbolic link")
        XCTAssertEqual(try String(contentsOfFile: target, encoding: .utf8), "keep")
        // A dangling link is refused too: writing would create a file wherever it points.
        try FileManager.default.removeItem(atPath: target)
        try assertRefused(link, saying: "symbolic link")
        XCTAssertFalse(FileManager.default.fileExists(atPath: target))
    }

    func testRefusesADirectory() throws {
        let path = directory + "/figures.png"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        try assertRefused(path, saying: "directory")
    }

    /// `mknod x c 1 3` (/dev/null's numbers), as the reproduction; needs root.
    func testRefusesACharacterDevice() throws {
        let path = directory + "/null.png"
        guard mknod(path, S_IFCHR | 0o644, makedev(1, 3)) == 0 else {
            throw XCTSkip("mknod needs root (errno \(errno))")
        }
        try assertRefused(path, saying: "character device")
    }

    private func makedev(_ major: UInt32, _ minor: UInt32) -> dev_t {
        // glibc's encoding of gnu_dev_makedev for numbers below 256.
        dev_t(major) << 8 | dev_t(minor)
    }
}

/// A name near NAME_MAX (255 bytes) is a valid target: its temporary file must fit too.
final class LongNameTests: XCTestCase {
    func testATargetOf250BytesIsWritten() throws {
        let directory = NSTemporaryDirectory() + "atomic-long-\(UUID().uuidString.prefix(8))"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for name in [String(repeating: "a", count: 250), String(repeating: "é", count: 125)] {
            let path = directory + "/" + name
            try AtomicFile.write("x", to: path)
            XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "x")
            XCTAssertLessThanOrEqual(AtomicFile.temporaryName(for: name).utf8.count, 255)
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory).count, 2)
    }
}
