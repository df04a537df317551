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
    /// Whether each run trained also times its network on a few full batches
    /// (the calibration its saved wall time is scaled by in later plans). Tests
    /// that train runs of a few photos turn it off: in a debug build, timing
    /// the cats-vs-dogs VGG at batch 128 takes minutes, the run itself seconds.
    /// It enters no cache key; a run saved without it is planned from calibration alone.
    public var calibratesRuns: Bool = true

    public init() {}

    public var resultsDirectory: String { reportsDirectory + "/results" }
    public var catdogPath: String { catdogDirectory ?? dataDirectory + "/catdog" }
}
