import Foundation
import XCTest
@testable import ReportKit
@testable import Sections

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

    /// Eight photos a class, a tenth of them used: no validation photo, which
    /// scored NaN with exit 0 (and p3.visualize indexed the first one).
    func testASplitWithAnEmptyPartIsRefused() throws {
        var options = BuildOptions()
        options.catdogDirectory = CatDogPhotos.write(in: directory.file("catdog"))
        let context = StepContext(options: options, data: DataCatalog(options: options), store: ResultsStore(directory: directory.path),
                                  progress: CapturedLog().reporter, stepID: P3TrainStep.id)
        XCTAssertNoThrow(try CatDogSplit(try context.data.catdog(), context: context, subset: 1))
        XCTAssertThrowsError(try CatDogSplit(try context.data.catdog(), context: context, subset: 0.1)) { error in
            XCTAssertEqual("\(error)", "\(options.catdogPath)/trainset: the validation split is empty (16 photos, 10 % of them used); add photos or use a profile that uses more of them")
        }
    }

    /// Skipped files were only in the JSON and the report; the build now names them as it loads.
    func testSkippedFilesAreNamedOnTheConsole() throws {
        let root = CatDogPhotos.write(in: directory.file("catdog"))
        CatDogPhotos.spoil(root + "/trainset/Cat/3.Cat.jpg")
        XCTAssertTrue(FileManager.default.createFile(atPath: root + "/testset/test/notes.txt", contents: Data("x".utf8)))
        var options = BuildOptions()
        options.catdogDirectory = root
        let log = CapturedLog()
        let data = try DataCatalog(options: options, progress: log.reporter).catdog()
        XCTAssertEqual(data.train.skipped.count + data.test.skipped.count, 2)
        XCTAssertTrue(log.contents.contains("skipped 2 files"), log.contents)
        XCTAssertTrue(log.contents.contains("  \(root)/trainset/Cat/3.Cat.jpg: "), log.contents)
        XCTAssertTrue(log.contents.contains("  \(root)/testset/test/notes.txt: not an image file"), log.contents)
    }

    /// Ids are the photos' numbers: the usual names keep Kaggle's format.
    func testSubmissionIdsAreThePhotosNumbers() {
        let csv = P3SubmissionStep.csv(names: ["1.jpg", "10.jpg", "0012.png"], predictions: [0, 1, 0], classes: ["Cat", "Dog"])
        XCTAssertEqual(csv, "id,label\n1,Cat\n10,Dog\n12,Cat\n")
    }
}
