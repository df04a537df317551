import Checksums
import Foundation
import Tensor

/// Folders of photos: one sub-folder per class (labelled), or a flat folder
/// (unlabelled). Every image is decoded once, in parallel, and resized to a
/// square of `side` pixels; files that cannot be decoded are skipped and listed.
public enum ImageFolder {
    static let extensions: Set<String> = ["jpg", "jpeg", "png"]

    /// Classes are the sub-folder names in sorted order.
    public static func loadLabelled(_ root: String, side: Int = 64) throws -> ImageSet {
        let classes = try classFolders(of: root)
        guard classes.count >= 2 else {
            throw DatasetError(
                file: root,
                problem: classes.isEmpty
                    ? "no class folders inside (expected one sub-folder per class, e.g. Cat/ and Dog/)"
                    : "only one class folder (\(classes[0])/); a classifier needs at least two")
        }
        var files: [(path: String, name: String, label: Int)] = []
        var skipped: [DatasetError] = []
        for (label, name) in classes.enumerated() {
            let (images, others) = try imageFiles(in: root + "/" + name)
            guard !images.isEmpty else { throw DatasetError(file: root + "/" + name, problem: "class folder holds no images") }
            files += images.map { ("\(root)/\(name)/\($0)", $0, label) }
            skipped += others
        }
        var set = decodeAll(files.map { ($0.path, $0.name) }, side: side)
        set.labels = set.keptIndices.map { files[$0].label }
        for (label, name) in classes.enumerated() {
            let listed = files.filter { $0.label == label }.count, kept = set.labels.filter { $0 == label }.count
            try requireMostDecoded(folder: root + "/" + name, listed: listed, kept: kept, failures: set.skipped)
        }
        return ImageSet(
            side: side, pixels: set.pixels, labels: set.labels, names: set.names,
            classes: classes, skipped: skipped + set.skipped)
    }

    /// A class that lost more than half of its photos would leave a network
    /// trained mostly on the other class (all of them lost: on it alone, with
    /// nothing said but a count). `failures` holds every decoding failure; the
    /// first in this folder is quoted.
    static func requireMostDecoded(folder: String, listed: Int, kept: Int, failures: [DatasetError]) throws {
        guard 2 * kept < listed else { return }
        let first = failures.first { ($0.file as NSString).deletingLastPathComponent == folder }
        let example = first.map { " (first: \(($0.file as NSString).lastPathComponent): \($0.problem))" } ?? ""
        throw DatasetError(
            file: folder,
            problem: "\(listed - kept) of \(listed) photos cannot be decoded\(example); a class that loses more than half of its photos is refused")
    }

    /// A flat folder of test images named `<number>.jpg`, in numeric order.
    /// Files whose names are not numbers are skipped and listed, since a
    /// submission needs numeric ids; two files with one number are refused.
    public static func loadNumbered(_ directory: String, side: Int = 64) throws -> ImageSet {
        let (images, others) = try imageFiles(in: directory)
        var numbered: [(id: Int, name: String)] = []
        var skipped = others
        for name in images {
            let stem = (name as NSString).deletingPathExtension
            if let id = Int(stem), id >= 0 {
                numbered.append((id, name))
            } else {
                skipped.append(DatasetError(file: directory + "/" + name, problem: "name is not a number; test images must be named <id>.jpg"))
            }
        }
        guard !numbered.isEmpty else { throw DatasetError(file: directory, problem: "no images named <number>.jpg") }
        numbered.sort { ($0.id, $0.name) < ($1.id, $1.name) }
        // The id is the number, so 1.jpg, 01.jpg and 1.png would be one row of the submission three times.
        for (a, b) in zip(numbered, numbered.dropFirst()) where a.id == b.id {
            throw DatasetError(
                file: directory + "/" + b.name,
                problem: "has the same id \(b.id) as \(a.name); test photos are told apart by the number in their names, so rename or remove one")
        }
        let set = decodeAll(numbered.map { ("\(directory)/\($0.name)", $0.name) }, side: side)
        guard set.names.count > 0 else {
            let example = set.skipped.first.map { " (first: \(($0.file as NSString).lastPathComponent): \($0.problem))" } ?? ""
            throw DatasetError(file: directory, problem: "none of its \(numbered.count) photos can be decoded\(example)")
        }
        return ImageSet(side: side, pixels: set.pixels, labels: [], names: set.names, classes: [], skipped: skipped + set.skipped)
    }

    /// Decodes one file (JPEG or PNG, by content) to RGB at its own size.
    public static func decode(_ path: String) throws -> RGBImage {
        let bytes = try FileBytes.read(path, missingHint: "check the image folder")
        if JPEGDecoder.isJPEG(bytes) { return try JPEGDecoder.decode(bytes, file: path) }
        if PNGDecoder.isPNG(bytes) { return try PNGDecoder.decode(bytes, file: path) }
        throw DatasetError(file: path, problem: "neither a JPEG nor a PNG file")
    }

    /// SHA-256 of the sorted list of relative paths and sizes under `root`:
    /// cheap enough to compute on every build, and it changes whenever a file
    /// is added, removed, renamed or rewritten with another size.
    /// The root's symlinks are resolved first: FileManager's enumerator does
    /// not descend into a symlinked root (as `make data` links data/catdog),
    /// and would hash an empty listing.
    public static func fingerprint(_ root: String) throws -> String {
        let resolved = URL(fileURLWithPath: root).resolvingSymlinksInPath().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: resolved, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw DatasetError(file: root, problem: "folder not found")
        }
        var lines: [String] = []
        listRegularFiles(resolved, relative: "", into: &lines)
        return SHA256.hex(lines.sorted().joined(separator: "\n"))
    }

    /// "relative/path<TAB>size" for every regular file below `directory`, symbolic
    /// links neither followed nor listed. readdir and fstatat relative to the open
    /// folder (no path walk per file): Foundation's enumerator took about 6 s over
    /// the 25,000 photos, this a few hundredths.
    private static func listRegularFiles(_ directory: String, relative: String, into lines: inout [String]) {
        let folder = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard folder >= 0 else { return }
        listRegularFiles(openedFolder: folder, relative: relative, into: &lines)
    }

    /// As above, for a folder already open; closes it.
    private static func listRegularFiles(openedFolder folder: Int32, relative: String, into lines: inout [String]) {
        guard let stream = fdopendir(folder) else { close(folder); return }
        defer { closedir(stream) }
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name == "." || name == ".." { continue }
            let shown = relative.isEmpty ? name : relative + "/" + name
            var status = stat()
            guard fstatat(folder, name, &status, AT_SYMLINK_NOFOLLOW) == 0 else { continue }
            switch status.st_mode & S_IFMT {
            case S_IFDIR:
                let child = openat(folder, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                if child >= 0 { listRegularFiles(openedFolder: child, relative: shown, into: &lines) }
            case S_IFREG: lines.append("\(shown)\t\(status.st_size)")
            default: continue
            }
        }
    }

    /// The class folders of a labelled root, sorted (label order).
    public static func classFolders(of root: String) throws -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw DatasetError(file: root, problem: "folder not found")
        }
        return try FileManager.default.contentsOfDirectory(atPath: root).filter { name in
            var dir: ObjCBool = false
            return !name.hasPrefix(".") && FileManager.default.fileExists(atPath: root + "/" + name, isDirectory: &dir) && dir.boolValue
        }.sorted()
    }

    /// Image files by extension, plus a skip note for every other file.
    private static func imageFiles(in directory: String) throws -> (images: [String], skipped: [DatasetError]) {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { !$0.hasPrefix(".") }.sorted()
        } catch {
            throw DatasetError(file: directory, problem: "folder not found or unreadable")
        }
        var images: [String] = [], skipped: [DatasetError] = []
        for name in names {
            if extensions.contains((name as NSString).pathExtension.lowercased()) {
                images.append(name)
            } else {
                skipped.append(DatasetError(file: directory + "/" + name, problem: "not an image file (expected .jpg, .jpeg or .png)"))
            }
        }
        return (images, skipped)
    }

    struct Decoded {
        var pixels: [UInt8]
        var names: [String]
        var keptIndices: [Int]
        var labels: [Int] = []
        var skipped: [DatasetError]
    }

    /// Decodes in parallel into one buffer, then drops the slots of files that failed.
    static func decodeAll(_ files: [(path: String, name: String)], side: Int) -> Decoded {
        let size = side * side * 3
        var buffer = [UInt8](repeating: 0, count: files.count * size)
        var failures = [DatasetError?](repeating: nil, count: files.count)
        buffer.withUnsafeMutableBufferPointer { out in
            failures.withUnsafeMutableBufferPointer { errors in
                let out = out, errors = errors
                parallelChunks(files.count) { range in
                    for i in range {
                        do {
                            let image = try decode(files[i].path).resized(width: side, height: side)
                            image.pixels.withUnsafeBufferPointer { (out.baseAddress! + i * size).update(from: $0.baseAddress!, count: size) }
                        } catch let error as DatasetError {
                            errors[i] = error
                        } catch {
                            errors[i] = DatasetError(file: files[i].path, problem: "\(error)")
                        }
                    }
                }
            }
        }
        let kept = files.indices.filter { failures[$0] == nil }
        var pixels = [UInt8]()
        pixels.reserveCapacity(kept.count * size)
        for i in kept { pixels += buffer[(i * size)..<((i + 1) * size)] }
        return Decoded(pixels: pixels, names: kept.map { files[$0].name }, keptIndices: kept, skipped: failures.compactMap { $0 })
    }
}
