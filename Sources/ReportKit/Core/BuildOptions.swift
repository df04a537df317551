import Datasets
import Foundation

/// Everything about a build that a user chooses on the command line.
public struct BuildOptions: Sendable {
    public var profile: Profile = .standard
    public var seed: UInt64 = 1
    public var dataDirectory: String = "data"
    public var dataset: DatasetName = .mnist
    public var catdogDirectory: String? = nil
    public var reportsDirectory: String = "reports"
    public var quiet: Bool = false
    /// File name of the photo whose feature maps Problem 3 shows (default: the original's 3702.Cat.jpg).
    public var visualizedImage: String? = nil
    /// Width multiplier of the ResNet runs instead of the profile's: the full
    /// width would take about 40 minutes an epoch on 2 cores (extrapolated),
    /// so the `original` profile runs them at a quarter of the width and
    /// `--resnet-width 1` asks for the original's.
    public var resnetWidth: Double? = nil

    public init() {}

    public var resultsDirectory: String { reportsDirectory + "/results" }
    public var catdogPath: String { catdogDirectory ?? dataDirectory + "/catdog" }
}
