import AtomicWrite
import Checksums
import Foundation
import Plot

/// What each figure file was last drawn from, so that an assembly whose
/// inputs did not change does not draw the figures again (drawing and
/// compressing 17 figures in three formats was most of a no-op build).
/// The key covers the figure's name and formats, the bytes of every result it
/// reads, and this program's own bytes (a change of drawing code is a change of
/// the binary). Kept in `reports/figures/.drawn.json`, outside version control:
/// another machine's binary differs, so there every figure is drawn once.
package struct DrawnFigures {
    package let file: String
    private(set) var keys: [String: String]

    package init(figuresDirectory: String) {
        file = figuresDirectory + "/.drawn.json"
        let saved = FileManager.default.contents(atPath: file).flatMap { try? JSONDecoder().decode([String: String].self, from: $0) }
        keys = saved ?? [:]
    }

    /// The key of `figure` drawn now in `formats`; nil when an input cannot be read.
    package static func key(of figure: ReportFigure, formats: [OutputFormat], store: ResultsStore) -> String? {
        guard let program = programDigest else { return nil }
        var hash = SHA256Hasher()
        hash.update(Array("\(figure.name)|\(formats.map(\.rawValue).joined(separator: ","))|\(program)".utf8))
        for step in figure.reads {
            guard let bytes = FileManager.default.contents(atPath: store.path(for: step)) else { return nil }
            hash.update(bytes)
        }
        return SHA256.hex(hash.finalize())
    }

    /// Whether `figure`'s files are all there, untouched since they were drawn
    /// from `key` (`report figure --scale` may have written over one).
    package func isCurrent(_ figure: String, key: String, paths: [String]) -> Bool {
        guard let stamps = Self.stamps(paths) else { return false }
        return keys[figure] == key + stamps
    }

    package mutating func record(_ figure: String, key: String, paths: [String]) {
        keys[figure] = Self.stamps(paths).map { key + $0 }
    }

    /// "|size@mtime" of each file; nil when one is missing.
    private static func stamps(_ paths: [String]) -> String? {
        var text = ""
        for path in paths {
            var status = stat()
            guard stat(path, &status) == 0 else { return nil }
            text += "|\(status.st_size)@\(status.st_mtim.tv_sec).\(status.st_mtim.tv_nsec)"
        }
        return text
    }

    package func save() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try AtomicFile.write(try encoder.encode(keys), to: file)
    }

    /// SHA-256 of the running executable, read once.
    private static let programDigest: String? = {
        guard let bytes = FileManager.default.contents(atPath: "/proc/self/exe") ?? CommandLine.arguments.first.flatMap({ FileManager.default.contents(atPath: $0) }) else { return nil }
        return SHA256.hex(bytes)
    }()
}
