// swift-tools-version:5.9
import PackageDescription

// Hot loops live in Tensor and are generic over Float/Double; cross-module
// optimisation lets Learning and the steps get specialised copies of them.
let optimised: [SwiftSetting] = [.unsafeFlags(["-cross-module-optimization"], .when(configuration: .release))]

let package = Package(
    name: "a1report",
    platforms: [.macOS(.v13)],
    products: [.executable(name: "report", targets: ["report"])],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
    ],
    targets: [
        .systemLibrary(name: "CCairo", pkgConfig: "cairo", providers: [.apt(["libcairo2-dev"])]),
        .systemLibrary(name: "CBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CTurboJPEG", pkgConfig: "libturbojpeg", providers: [.apt(["libturbojpeg0-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // GitHub's CommonMark engine, so report.md renders the same on GitHub and in index.html.
        .systemLibrary(name: "CMarkGFM", pkgConfig: "libcmark-gfm",
                       providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]),

        // The one way files are replaced (results, figures, checkpoints, the report).
        .target(name: "AtomicWrite"),
        .target(name: "Tensor", dependencies: ["CBLAS"], swiftSettings: optimised),
        .target(name: "Learning", dependencies: ["Tensor"], swiftSettings: optimised),
        .target(name: "Datasets", dependencies: ["Tensor", "CZlib", "CTurboJPEG", "CCairo"], swiftSettings: optimised),
        .target(name: "Plot", dependencies: ["CCairo", "CZlib", "AtomicWrite"], swiftSettings: optimised),
        .target(
            name: "Report",
            dependencies: [
                "AtomicWrite", "Tensor", "Learning", "Datasets", "Plot", "CMarkGFM",
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            swiftSettings: optimised),
        .executableTarget(
            name: "report",
            dependencies: ["Report", "Tensor", "Learning", "Datasets", "Plot", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: optimised),

        .testTarget(name: "AtomicWriteTests", dependencies: ["AtomicWrite"]),
        .testTarget(name: "TensorTests", dependencies: ["Tensor"]),
        .testTarget(name: "LearningTests", dependencies: ["Learning"]),
        .testTarget(name: "DatasetsTests", dependencies: ["Datasets"]),
        .testTarget(name: "PlotTests", dependencies: ["Plot"]),
        .testTarget(name: "ReportTests", dependencies: ["Report"]),
    ]
)
