@testable import Datasets
import Checksums
import Foundation
import XCTest

final class ImageFolderTests: XCTestCase {
    private var root = ""

    override func setUp() { root = ImageFixtures.temporaryDirectory() }
    override func tearDown() { try? FileManager.default.removeItem(atPath: root) }

    private func colourJPEG(_ r: UInt8, _ g: UInt8, _ b: UInt8, side: Int = 64) -> [UInt8] {
        ImageFixtures.jpeg(width: side, height: side, pixels: Array((0..<(side * side)).map { _ in [r, g, b] }.joined()))
    }

    func testLabelledFolderWithEveryKindOfBadFile() throws {
        ImageFixtures.write(colourJPEG(200, 30, 30), to: "\(root)/train/Cat/1.Cat.jpg")
        ImageFixtures.write(ImageFixtures.jpeg(width: 64, height: 64, pixels: [UInt8](repeating: 90, count: 64 * 64), grey: true), to: "\(root)/train/Cat/2.Cat.jpg")
        ImageFixtures.write(ImageFixtures.pngWithAlpha(side: 64), to: "\(root)/train/Dog/3.Dog.png")
        ImageFixtures.write(colourJPEG(30, 30, 200, side: 80), to: "\(root)/train/Dog/4.Dog.jpg")
        let good = colourJPEG(10, 200, 10)
        ImageFixtures.write(Array(good.prefix(good.count / 2)), to: "\(root)/train/Dog/5.Dog.jpg")  // truncated
        ImageFixtures.write([], to: "\(root)/train/Dog/6.Dog.jpg")  // zero bytes
        ImageFixtures.write(Array("not an image".utf8), to: "\(root)/train/Dog/notes.txt")

        let set = try ImageFolder.loadLabelled("\(root)/train")
        XCTAssertEqual(set.classes, ["Cat", "Dog"])
        XCTAssertEqual(set.names, ["1.Cat.jpg", "2.Cat.jpg", "3.Dog.png", "4.Dog.jpg"])
        XCTAssertEqual(set.labels, [0, 0, 1, 1])
        XCTAssertEqual(Set(set.skipped.map { ($0.file as NSString).lastPathComponent }), ["5.Dog.jpg", "6.Dog.jpg", "notes.txt"])
        XCTAssertTrue(set.skipped.allSatisfy { $0.file.hasPrefix(root) && !$0.problem.isEmpty })

        let red = set.image(0), grey = set.image(1), alpha = set.image(2), resized = set.image(3)
        XCTAssertEqual(Int(red[32, 32, 0]), 200, accuracy: 3)
        XCTAssertEqual(Int(grey[10, 10, 0]), 90, accuracy: 2)
        XCTAssertEqual(grey[10, 10, 0], grey[10, 10, 2], "greyscale becomes equal RGB")
        XCTAssertEqual(alpha[5, 5, 0], 255)
        XCTAssertEqual(alpha[5, 5, 1], 0, "opaque red stays red")
        XCTAssertEqual(alpha[60, 5, 1], 255, "transparent shows white")
        XCTAssertEqual(resized.width, 64)
        XCTAssertEqual(Int(resized[40, 40, 2]), 200, accuracy: 3)
    }

    /// All of Dog's photos undecodable used to train on Cat alone, with exit 0.
    func testAClassThatLosesMostOfItsPhotosIsRefused() {
        for i in 1...3 { ImageFixtures.write(colourJPEG(200, 30, 30), to: "\(root)/train/Cat/\(i).Cat.jpg") }
        ImageFixtures.write(colourJPEG(30, 30, 200), to: "\(root)/train/Dog/1.Dog.jpg")
        for i in 2...3 { ImageFixtures.write(Array("html".utf8), to: "\(root)/train/Dog/\(i).Dog.jpg") }
        XCTAssertThrowsError(try ImageFolder.loadLabelled("\(root)/train")) { error in
            XCTAssertEqual((error as? DatasetError)?.file, "\(root)/train/Dog")
            XCTAssertTrue("\(error)".contains("2 of 3 photos cannot be decoded (first: 2.Dog.jpg: "), "\(error)")
        }
    }

    func testATestFolderWithNoDecodablePhotoIsRefused() {
        for i in 1...2 { ImageFixtures.write([], to: "\(root)/test/\(i).jpg") }
        XCTAssertThrowsError(try ImageFolder.loadNumbered("\(root)/test")) { error in
            XCTAssertEqual((error as? DatasetError)?.file, "\(root)/test")
            XCTAssertTrue("\(error)".contains("none of its 2 photos can be decoded"), "\(error)")
        }
    }

    /// `1.jpg` and `01.jpg` would both be id 1 in the submission.
    func testTestPhotosWithTheSameNumberAreRefusedNamingBoth() {
        for name in ["1.jpg", "01.jpg", "2.jpg"] { ImageFixtures.write(colourJPEG(1, 2, 3), to: "\(root)/test/\(name)") }
        XCTAssertThrowsError(try ImageFolder.loadNumbered("\(root)/test")) { error in
            XCTAssertEqual((error as? DatasetError)?.file, "\(root)/test/1.jpg")
            XCTAssertTrue("\(error)".contains("same id 1 as 01.jpg"), "\(error)")
        }
    }

    func testOneClassAndMissingFoldersAreClearErrors() {
        ImageFixtures.write(colourJPEG(1, 2, 3), to: "\(root)/only/Cat/1.jpg")
        XCTAssertThrowsError(try ImageFolder.loadLabelled("\(root)/only")) { error in
            XCTAssertTrue("\(error)".contains("only one class folder (Cat/)"), "\(error)")
        }
        XCTAssertThrowsError(try ImageFolder.loadLabelled("\(root)/nowhere")) { error in
            XCTAssertTrue("\(error)".contains("folder not found"), "\(error)")
        }
    }

    func testNumberedTestFolderSkipsNonNumericNamesAndSortsNumerically() throws {
        for id in [10, 2, 1] { ImageFixtures.write(colourJPEG(UInt8(id), 0, 0), to: "\(root)/test/\(id).jpg") }
        ImageFixtures.write(colourJPEG(0, 0, 0), to: "\(root)/test/cat.jpg")
        let set = try ImageFolder.loadNumbered("\(root)/test")
        XCTAssertEqual(set.names, ["1.jpg", "2.jpg", "10.jpg"])
        XCTAssertEqual(set.skipped.count, 1)
        XCTAssertTrue(set.skipped[0].problem.contains("not a number"))
    }

    func testFingerprintChangesWhenAFileIsAdded() throws {
        ImageFixtures.write(colourJPEG(1, 2, 3), to: "\(root)/f/A/1.jpg")
        let before = try ImageFolder.fingerprint("\(root)/f")
        XCTAssertEqual(before, try ImageFolder.fingerprint("\(root)/f"))
        ImageFixtures.write(colourJPEG(1, 2, 3), to: "\(root)/f/A/2.jpg")
        XCTAssertNotEqual(before, try ImageFolder.fingerprint("\(root)/f"))
    }

    func testFingerprintFollowsASymlinkedRoot() throws {
        ImageFixtures.write(colourJPEG(1, 2, 3), to: "\(root)/real/A/1.jpg")
        try FileManager.default.createSymbolicLink(atPath: "\(root)/link", withDestinationPath: "\(root)/real")
        let direct = try ImageFolder.fingerprint("\(root)/real")
        XCTAssertNotEqual(direct, SHA256.hex(""), "a folder with one image must not hash like an empty one")
        XCTAssertEqual(try ImageFolder.fingerprint("\(root)/link"), direct)
    }

    /// The readdir walk gives the fingerprint Foundation's enumerator gave (the
    /// saved results' cache keys hold it): nested folders, hidden and non-ASCII
    /// names, an empty folder, symbolic links to a file and to a folder.
    func testFingerprintIsTheEnumeratorsListing() throws {
        ImageFixtures.write(colourJPEG(1, 2, 3), to: "\(root)/t/trainset/Cat/1.jpg")
        ImageFixtures.write(colourJPEG(4, 5, 6), to: "\(root)/t/trainset/Dog/été 2.jpg")
        ImageFixtures.write(colourJPEG(7, 8, 9), to: "\(root)/t/testset/test/.hidden.jpg")
        try Data("notes".utf8).write(to: URL(fileURLWithPath: "\(root)/t/README"))
        try FileManager.default.createDirectory(atPath: "\(root)/t/empty", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: "\(root)/t/link.jpg", withDestinationPath: "\(root)/t/trainset/Cat/1.jpg")
        try FileManager.default.createSymbolicLink(atPath: "\(root)/t/linked", withDestinationPath: "\(root)/t/trainset")
        XCTAssertEqual(try ImageFolder.fingerprint("\(root)/t"), try enumeratorFingerprint("\(root)/t"))
    }

    /// The former implementation, kept as the reference.
    private func enumeratorFingerprint(_ folder: String) throws -> String {
        let enumerator = try XCTUnwrap(FileManager.default.enumerator(atPath: folder))
        var lines: [String] = []
        while let relative = enumerator.nextObject() as? String {
            if let size = enumerator.fileAttributes?[.size] as? NSNumber,
               enumerator.fileAttributes?[.type] as? FileAttributeType == .typeRegular {
                lines.append("\(relative)\t\(size)")
            }
        }
        XCTAssertEqual(lines.count, 4, "the fixture's regular files")
        return SHA256.hex(lines.sorted().joined(separator: "\n"))
    }

    func testFingerprintOfAMissingFolderIsAnError() {
        XCTAssertThrowsError(try ImageFolder.fingerprint("\(root)/absent")) { error in
            XCTAssertTrue("\(error)".contains("absent"))
        }
    }

    /// The shared cats-vs-dogs copy, when this checkout has one linked at data/catdog.
    func testRealCatDogFolderWhenPresent() throws {
        let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let folder = package.appendingPathComponent("data/catdog/testset/test").path
        guard FileManager.default.fileExists(atPath: folder) else { throw XCTSkip("no data/catdog in this checkout") }
        let set = try ImageFolder.loadNumbered(folder)
        XCTAssertEqual(set.count, 4999)
        XCTAssertTrue(set.skipped.isEmpty)
        XCTAssertEqual(set.names.first, "1.jpg")
    }
}
