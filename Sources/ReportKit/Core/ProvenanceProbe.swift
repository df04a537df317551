import Foundation
import Plot
import Tensor

/// Facts about the machine and the source tree, gathered once per build.
package enum ProvenanceProbe {
    /// `libraries`: each library's version as the library itself reports it
    /// (the report's definition gathers them).
    package static func current(libraries: [String: String]) -> Provenance {
        Provenance(
            gitCommit: git(["rev-parse", "HEAD"]) ?? "unknown",
            gitDirty: !(git(["status", "--porcelain", "--untracked-files=no", "--", ".", ":!reports"]) ?? "").isEmpty,
            createdAt: ISO8601DateFormatter().string(from: Date()),
            threads: Parallelism.threads,
            cpuModel: cpuModel(),
            cores: ProcessInfo.processInfo.activeProcessorCount,
            toolchain: toolchain,
            libraries: libraries)
    }

    /// The last commit that changed what the report is made from (code, templates,
    /// the package's dependencies), and whether those files have uncommitted changes:
    /// HEAD would change with every commit of results and make a report that reuses
    /// everything differ from the committed one.
    package static func reportSources() -> (commit: String, dirty: Bool) {
        let paths = ["--", "Sources", "templates", "Package.swift", "Package.resolved"]
        let commit = git(["log", "-1", "--format=%H"] + paths) ?? ""
        let dirty = !(git(["status", "--porcelain", "--untracked-files=no"] + paths) ?? "").isEmpty
        return (commit.isEmpty ? "unknown" : commit, dirty)
    }

    package static var toolchain: String {
        #if compiler(>=6.3)
        "Swift 6.3 or later"
        #elseif compiler(>=6.0)
        "Swift 6.0–6.2"
        #else
        "Swift 5"
        #endif
    }

    private static func cpuModel() -> String {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return "unknown" }
        for line in text.split(separator: "\n") where line.hasPrefix("model name") {
            return line.split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) } ?? "unknown"
        }
        return "unknown"
    }

    /// git's answer in `directory` (the working directory when nil), or nil when git fails or is absent.
    package static func git(_ arguments: [String], in directory: String? = nil) -> String? {
        guard let result = try? Subprocess.run("git", (directory.map { ["-C", $0] } ?? []) + arguments), result.status == 0
        else { return nil }
        return result.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
