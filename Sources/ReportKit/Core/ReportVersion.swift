import Foundation

/// What `report --version` says: the package's version, and the commit of the
/// checkout the running binary was built in, when that checkout is still there.
public enum ReportVersion {
    /// The package's version; raise it with changes a user would notice.
    public static let number = "1.0.0"

    /// "report 1.0.0 (commit 6bc65aa0b1)", with "+ uncommitted changes" when the
    /// sources differ from that commit, or "(commit unknown)" away from a checkout.
    public static func describe(executable: String) -> String {
        let directory = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent().path
        guard let root = ProjectRoot.find(from: directory),
              let commit = ProvenanceProbe.git(["rev-parse", "--short=10", "HEAD"], in: root)
        else { return "report \(number) (commit unknown)" }
        let changed = ProvenanceProbe.git(
            ["status", "--porcelain", "--untracked-files=no", "--", "Sources", "Package.swift", "Package.resolved"], in: root)
        return "report \(number) (commit \(commit)\((changed ?? "").isEmpty ? "" : " + uncommitted changes"))"
    }
}
