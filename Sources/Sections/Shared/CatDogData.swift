import ReportKit
import Datasets
import Foundation
import Tensor

/// The cats-vs-dogs photos: the labelled training folder and the unlabelled test folder.
public struct CatDogData: Sendable {
    public var train: ImageSet
    public var test: ImageSet

    /// The two classes, as the course named their folders.
    static let classes = ["Cat", "Dog"]

    static func load(_ root: String) throws -> CatDogData {
        try requirePresent(root)
        try requireTwoClasses(root + "/trainset")
        return CatDogData(
            train: try ImageFolder.loadLabelled(root + "/trainset"),
            test: try ImageFolder.loadNumbered(root + "/testset/test"))
    }

    /// Every network here has two outputs: a third class folder would reach
    /// the loss as label 2 (a precondition failure mid-training), so it is
    /// refused by name before any photo is decoded.
    static func requireTwoClasses(_ trainset: String) throws {
        let folders = try ImageFolder.classFolders(of: trainset)
        guard folders.count > 2 else { return }  // fewer than two: the loader says so
        // More than two folders cannot all be Cat or Dog.
        let extra = folders.filter { !classes.contains($0) }
        let others = extra.count > 1 ? " (and \(extra.dropFirst().joined(separator: ", ")))" : ""
        throw ReportError(
            "\(trainset)/\(extra[0]): a class folder beyond \(classes.joined(separator: " and "))\(others); the networks are two-class, so move it out of \(trainset)")
    }

    static func requirePresent(_ root: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root + "/trainset", isDirectory: &isDirectory), isDirectory.boolValue else {
            throw DataUnavailable(message: "the cats-vs-dogs folder \(root) is missing (expected \(root)/trainset/Cat, \(root)/trainset/Dog and \(root)/testset/test); put the images there or pass --catdog-dir DIR")
        }
    }

    /// The photo `--image` names must be one of the labelled photos: an unknown
    /// name used to show another photo's feature maps without a word. Checked
    /// before a build starts, so that a typo costs no training.
    public static func requireLabelledPhoto(_ name: String, in root: String) throws {
        let folders = classes.map { "\(root)/trainset/\($0)" }
        guard !folders.contains(where: { FileManager.default.fileExists(atPath: $0 + "/" + name) }) else { return }
        throw ReportError("--image \(name): no photo of that name in \(folders.joined(separator: " or ")); name a file in one of them")
    }

    /// Files in the labelled class folders, counted without decoding (for cost estimates; 0 when absent).
    static func countLabelledFiles(_ root: String) -> Int {
        let classes = (try? FileManager.default.contentsOfDirectory(atPath: root + "/trainset")) ?? []
        return classes.reduce(0) { $0 + ((try? FileManager.default.contentsOfDirectory(atPath: root + "/trainset/" + $1))?.count ?? 0) }
    }

    /// Files in the test folder, counted without decoding (0 when absent).
    static func countTestFiles(_ root: String) -> Int {
        (try? FileManager.default.contentsOfDirectory(atPath: root + "/testset/test"))?.count ?? 0
    }

    /// Indices of a seeded 80/20 split made per class, so both parts keep the
    /// class balance. (The original took the first 80 % in directory order.)
    /// `keep` < 1 uses only that share of each class (the same share of both
    /// splits), so a subset keeps the classes balanced as the full set is.
    /// The share of each class that trains; the rest validates.
    public static let trainShare = 0.8

    public static func split(
        labels: [Int], classes: Int, trainShare: Double = CatDogData.trainShare, keep: Double = 1, rng: inout SeededGenerator
    ) -> (train: [Int], valid: [Int]) {
        var train: [Int] = [], valid: [Int] = []
        for c in 0..<classes {
            let members = labels.indices.filter { labels[$0] == c }
            let order = rng.permutation(members.count).map { members[$0] }
            let cut = Int((Double(members.count) * trainShare).rounded())
            let kept = { (part: ArraySlice<Int>) in part.prefix(Int((Double(part.count) * keep).rounded())) }
            train += kept(order[..<cut])
            valid += kept(order[cut...])
        }
        return (train.sorted(), valid.sorted())
    }
}
