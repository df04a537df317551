import ReportKit
import Foundation

/// How this report was made: code, machines, settings, and each step's result.
enum ProvenanceSection {
    struct View {
        var commit: String
        var gitKnown: Bool
        var dirty: Bool
        var machines: String
        /// "Cairo 1.16.0, OpenBLAS 0.3.21 (Haswell), libjpeg-turbo 2.1.5" per distinct set.
        var libraries: String
        var seeds: String
        var profiles: String
        var data: String
        var table: String
        var stepTime: String
    }

    static let section = ReportSection(id: "provenance", heading: .unnumbered("How this report was made"), reads: []) { context in
        let inputs = context.provenance
        var table = MarkdownTable([
            ("Step", .left), ("Profile", .left), ("Seed", .right), ("Wall time", .right), ("Computed", .left), ("Commit", .left),
        ])
        var seeds = Set<UInt64>(), profiles = Set<String>(), data = Set<String>(), machines = Set<String>()
        var computedBy: [Provenance] = []  // each step and each of its saved runs
        var total = 0.0
        for step in inputs.steps {
            guard let header = try context.store.header(step.id) else {
                table.add(["`\(step.id)`", "no result", "", "", "", ""])
                continue
            }
            seeds.insert(header.seed)
            profiles.insert(header.profile.rawValue)
            for computed in [header.provenance] + context.runHeaders(of: step).map(\.provenance) {
                machines.insert("\(computed.cpuModel) (\(NumberFormat.counted(computed.threads, "thread")))")
                computedBy.append(computed)
            }
            header.dataFingerprints.filter { !$0.key.hasPrefix("step:") }.values.forEach { data.insert($0) }
            total += header.wallSeconds
            let commit = String(header.provenance.gitCommit.prefix(10)) + (header.provenance.gitDirty ? " (modified)" : "")
            table.add([
                "`\(step.id)`", header.profile.rawValue, String(header.seed), NumberFormat.seconds(header.wallSeconds),
                header.provenance.createdAt, "`\(commit)`",
            ])
        }
        return View(
            commit: String(inputs.codeCommit.prefix(12)), gitKnown: inputs.codeCommit != "unknown", dirty: inputs.codeDirty,
            machines: machines.sorted().joined(separator: "; "),
            libraries: libraryVersions(computedBy.map(\.libraries)),
            seeds: seeds.sorted().map(String.init).joined(separator: ", "),
            profiles: profiles.sorted().joined(separator: ", "),
            data: data.sorted().map { shortFingerprint($0) }.joined(separator: ", "),
            table: table.markdown, stepTime: NumberFormat.seconds(total))
    }

    /// "Cairo 1.16.0, OpenBLAS 0.3.21 (Cooperlake) or 0.3.21 (Zen), libjpeg-turbo
    /// 2.1.5": each library once, with every version the results were computed
    /// with (OpenBLAS names the kernels it picked for the CPU it ran on).
    static func libraryVersions(_ recorded: [[String: String]?]) -> String {
        let known = recorded.compactMap { $0 }.filter { !$0.isEmpty }
        let unrecorded = "not recorded by results saved before they were"
        guard !known.isEmpty else { return unrecorded }
        var versions: [String: Set<String>] = [:]
        for libraries in known { for (name, version) in libraries { versions[name, default: []].insert(version) } }
        let names = ["cairo": "Cairo", "openblas": "OpenBLAS", "libjpeg-turbo": "libjpeg-turbo"]
        let order = ["cairo", "openblas", "libjpeg-turbo"]
        let listed = versions.sorted { (order.firstIndex(of: $0.key) ?? order.count, $0.key) < (order.firstIndex(of: $1.key) ?? order.count, $1.key) }
            .map { "\(names[$0.key] ?? $0.key) \($0.value.sorted().joined(separator: " or "))" }.joined(separator: ", ")
        return known.count < recorded.count ? listed + "; " + unrecorded : listed
    }

    /// "mnist:f11bb9e41d6c…" — enough to tell data sets apart in prose.
    static func shortFingerprint(_ value: String) -> String {
        guard let colon = value.firstIndex(of: ":") else { return String(value.prefix(12)) + "…" }
        return String(value[...colon]) + String(value[value.index(after: colon)...].prefix(12)) + "…"
    }
}
