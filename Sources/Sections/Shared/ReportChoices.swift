import Datasets
import ReportKit

/// The choices this report offers on top of the framework's options, kept in
/// `BuildOptions.choices` under the names below.
extension BuildOptions {
    /// MNIST or Fashion-MNIST for Problems 1 and 2.
    public var dataset: DatasetName {
        get { choices["dataset"].flatMap(DatasetName.init(rawValue:)) ?? .mnist }
        set { choices["dataset"] = newValue.rawValue }
    }

    /// The cats-vs-dogs folder, when not data/catdog.
    public var catdogDirectory: String? {
        get { choices["catdog-dir"] }
        set { choices["catdog-dir"] = newValue }
    }

    public var catdogPath: String { catdogDirectory ?? dataDirectory + "/catdog" }

    /// File name of the photo whose feature maps Problem 3 shows (default: the original's 3702.Cat.jpg).
    public var visualizedImage: String? {
        get { choices["visualized-image"] }
        set { choices["visualized-image"] = newValue }
    }

    /// Width multiplier of the ResNet runs instead of the profile's: the full
    /// width has 16 times a quarter width's multiply-adds (section 3.4 says what
    /// that costs at the saved runs' pace), so the `original` profile runs them at a quarter of the width and
    /// `--resnet-width 1` asks for the original's. Kept as Swift prints the
    /// number, which reads back as the same Double.
    public var resnetWidth: Double? {
        get { choices["resnet-width"].flatMap(Double.init) }
        set { choices["resnet-width"] = newValue.map { "\($0)" } }
    }
}
