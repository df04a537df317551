import Foundation
import XCTest
@testable import Report

/// Photo folders that cannot give a sound run are refused before training,
/// with one line naming the folder or file.
final class CatDogDataTests: XCTestCase {
    var directory: TemporaryDirectory!
    override func setUp() { directory = TemporaryDirectory("catdog-data") }
    override func tearDown() { directory.remove() }

    func assertRefused(_ root: String, naming file: String, saying words: String, line: UInt = #line) {
        XCTAssertThrowsError(try CatDogData.load(root), line: line) { error in
            let text = "\(error)"
            XCTAssertTrue(text.hasPrefix(file + ": "), text, line: line)
            XCTAssertTrue(text.contains(words), text, line: line)
            XCTAssertFalse(text.contains("\n"), text, line: line)
        }
    }

    /// The networks have two outputs: a third class would reach the loss as
    /// label 2 and stop the process there (a precondition failure).
    func testAThirdClassFolderIsRefusedByName() {
        let root = CatDogPhotos.write(in: directory.file("catdog"))
        CatDogPhotos.write(in: root, folders: [("trainset/Bird", 3)])
        assertRefused(root, naming: root + "/trainset/Bird", saying: "two-class")
    }
}
