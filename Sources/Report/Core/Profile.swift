/// How much work a build does.
public enum Profile: String, Codable, CaseIterable, Sendable {
    /// Subsets and few epochs: for tests and smoke runs; numbers are not the report's.
    case quick
    /// What `make report` runs: the full original runs for Problems 1 and 2,
    /// a shortened schedule for Problem 3 on a 2-core CPU (labelled as such).
    case standard = "default"
    /// Every run exactly as the original made it.
    case full
}
