/// How much work a build does.
public enum Profile: String, Codable, CaseIterable, Sendable {
    /// Subsets and few epochs: for tests and smoke runs; numbers are not the report's.
    case quick
    /// Problems 1 and 2 as the original ran them and a Problem 3 shortened to
    /// about an hour on a 2-core CPU, labelled as such wherever its numbers appear.
    case short
    /// What `make report` runs and what the committed report shows: every run
    /// on the original's schedule, the ResNets at a quarter of the width
    /// (`--resnet-width 1` gives the original's).
    case original

    /// What a build runs when no profile is named.
    public static let standard: Profile = .original

    /// Reads the names older results and baselines were saved under.
    public init(from decoder: Decoder) throws {
        let name = try decoder.singleValueContainer().decode(String.self)
        guard let profile = Profile(savedName: name) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "unknown profile '\(name)'"))
        }
        self = profile
    }

    /// A profile as results and baselines name it, the earlier names included.
    public init?(savedName name: String) {
        switch name {
        case "default": self = .short
        case "full": self = .original
        default:
            guard let profile = Profile(rawValue: name) else { return nil }
            self = profile
        }
    }
}
