import ArgumentParser
import Datasets
import Foundation
import ReportKit
import Sections

extension Profile: ExpressibleByArgument {}
extension DatasetName: ExpressibleByArgument {}

/// Options every command that reads data or results shares.
struct BuildOptionsGroup: ParsableArguments {
    @Option(help: "How much to run: original (the original's schedule, ResNets at a quarter width; the default), short (Problem 3 in under an hour), or quick (subsets, for smoke tests).")
    var profile: Profile = .standard

    @Option(help: "Seed of every random draw in the build.")
    var seed: UInt64 = 1

    @Option(help: "Folder holding mnist.pkl.gz (and catdog/) (default: data/ in the checkout).")
    var dataDir: String?

    @Option(help: "Digit data set for Problems 1 and 2: mnist or fashion-mnist.")
    var dataset: DatasetName = .mnist

    @Option(help: "Cats-vs-dogs folder (trainset/Cat, trainset/Dog, testset/test); default <data-dir>/catdog.")
    var catdogDir: String?

    @Option(help: "File name of the photo whose first-layer feature maps Problem 3 shows (default 3702.Cat.jpg).")
    var image: String?

    @Option(help: "Width multiplier (0 < w ≤ 1) of the ResNet runs instead of the profile's, e.g. --resnet-width 1 for the original's ResNet-18 (16 times the multiply-adds of a quarter width).")
    var resnetWidth: Double?

    @Option(help: "Output folder for results, figures and the report (default: reports/ in the checkout).")
    var reportsDir: String?

    @Flag(help: "Print nothing but errors.")
    var quiet = false

    func validate() throws {
        if let resnetWidth, !(resnetWidth > 0 && resnetWidth <= 1) {
            throw ValidationError("--resnet-width must be in (0, 1], got \(resnetWidth)")
        }
    }

    /// The same options as arguments, with folders made absolute: what a job
    /// started elsewhere (a Slurm task) needs to see the same build.
    static func absoluteArguments(_ options: BuildOptions) -> [String] {
        var arguments = ["--profile", options.profile.rawValue, "--seed", String(options.seed), "--dataset", options.dataset.rawValue,
                         "--data-dir", absolute(options.dataDirectory), "--reports-dir", absolute(options.reportsDirectory)]
        if let catdogDir = options.catdogDirectory { arguments += ["--catdog-dir", absolute(catdogDir)] }
        if let image = options.visualizedImage { arguments += ["--image", image] }
        if let resnetWidth = options.resnetWidth { arguments += ["--resnet-width", String(resnetWidth)] }
        return arguments
    }

    static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }

    /// The build options, with the folders left unnamed found in the checkout.
    func options() throws -> BuildOptions {
        var options = BuildOptions()
        options.profile = profile
        options.seed = seed
        options.reportsDirectory = try ProjectRoot.folder(reportsDir, default: "reports")
        options.dataDirectory = try ProjectRoot.folder(dataDir, default: "data")
        options.dataset = dataset
        options.catdogDirectory = catdogDir
        options.visualizedImage = image
        options.resnetWidth = resnetWidth
        options.quiet = quiet
        return options
    }
}

/// `--reports-dir` alone, for the commands that only read or write reports/.
struct ReportsFolderOption: ParsableArguments {
    @Option(help: "Folder holding results/, baselines/ and figures/ (default: reports/ in the checkout).")
    var reportsDir: String?

    func path() throws -> String { try ProjectRoot.folder(reportsDir, default: "reports") }

    func options() throws -> BuildOptions {
        var options = BuildOptions()
        options.reportsDirectory = try path()
        return options
    }
}
