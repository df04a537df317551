import CTurboJPEG
import Foundation
import XCTest

/// Tiny photo folders in the course's layout, written by the tests.
enum CatDogPhotos {
    /// Folders and how many photos each holds; by default 8 cats, 8 dogs and
    /// 2 test photos (`1.jpg`, `2.jpg`) of 16×16. Returns `root`.
    @discardableResult
    static func write(in root: String, folders: [(String, Int)] = [("trainset/Cat", 8), ("trainset/Dog", 8), ("testset/test", 2)]) -> String {
        for (folder, count) in folders {
            try! FileManager.default.createDirectory(atPath: root + "/" + folder, withIntermediateDirectories: true)
            for i in 0..<count {
                let tint = folder.hasSuffix("Cat") ? 40 : 200
                let pixels = (0..<(16 * 16 * 3)).map { UInt8((($0 * 7 + i * 13) % 96 + tint) % 256) }
                let name = folder.hasPrefix("testset") ? "\(i + 1).jpg" : "\(i).\((folder as NSString).lastPathComponent).jpg"
                XCTAssertTrue(FileManager.default.createFile(atPath: "\(root)/\(folder)/\(name)", contents: Data(jpeg(pixels, side: 16))))
            }
        }
        return root
    }

    static func jpeg(_ pixels: [UInt8], side: Int) -> [UInt8] {
        let handle = tjInitCompress()!
        defer { tjDestroy(handle) }
        var buffer: UnsafeMutablePointer<UInt8>?
        var size: UInt = 0
        let status = pixels.withUnsafeBufferPointer {
            tjCompress2(handle, $0.baseAddress, Int32(side), 0, Int32(side), Int32(TJPF_RGB.rawValue),
                        &buffer, &size, Int32(TJSAMP_444.rawValue), 95, 0)
        }
        precondition(status == 0, "fixture JPEG encoding failed")
        defer { tjFree(buffer) }
        return Array(UnsafeBufferPointer(start: buffer, count: Int(size)))
    }

    /// Replaces a photo's bytes with something no decoder accepts.
    static func spoil(_ path: String) {
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data("not a photo".utf8)))
    }
}
