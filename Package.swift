// swift-tools-version:5.10
// 5.10: the code uses `nonisolated(unsafe)` (SE-0412), which 5.9 does not know.
// It is also the highest version that keeps the Swift 5 language mode without
// saying so: 6.0 would turn on Swift 6's strict concurrency checking.
import PackageDescription

// Hot loops live in Tensor and are generic over Float/Double; cross-module
// optimisation lets Learning and the steps get specialised copies of them.
let optimised: [SwiftSetting] = [.unsafeFlags(["-cross-module-optimization"], .when(configuration: .release))]

let package = Package(
    name: "a1report",
    platforms: [.macOS(.v13)],
    products: [.executable(name: "report", targets: ["ReportCLI"])],
    // `from:` accepts any later version with the same major number, which
    // semantic versioning promises to be compatible; a 0.x dependency, which
    // promises nothing across minor versions, would take `.upToNextMinor(from:)`.
    // None is 0.x today. Package.resolved pins the exact versions built with.
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
    ],
    targets: [
        .systemLibrary(name: "CCairo", pkgConfig: "cairo", providers: [.apt(["libcairo2-dev"])]),
        .systemLibrary(name: "CBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CTurboJPEG", pkgConfig: "libturbojpeg", providers: [.apt(["libturbojpeg0-dev", "libjpeg62-turbo-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CPNG", pkgConfig: "libpng", providers: [.apt(["libpng-dev"])]),
        .systemLibrary(name: "CCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        // GitHub's CommonMark engine, so report.md renders the same on GitHub and in index.html.
        .systemLibrary(name: "CMarkGFM", pkgConfig: "libcmark-gfm",
                       providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]),

        // The one way files are replaced (results, figures, checkpoints, the report).
        .target(name: "AtomicWrite"),
        // Winograd tile transforms and the sparse-rows product in C, compiled
        // per ISA level and chosen at run time (Swift cannot target one
        // function at AVX2). No FMA contraction, so they match the Swift
        // versions bit for bit.
        // -Wno-psabi: 256-bit vectors are passed only to always-inline
        // helpers, so no call with the baseline build's vector ABI is emitted.
        .target(name: "CWinograd", cSettings: [.unsafeFlags(["-O3", "-ffp-contract=off", "-Wno-psabi"])]),
        // Helper threads that stay ready between the kernels' parallel passes.
        .target(name: "CWorkerPool", cSettings: [.unsafeFlags(["-O2"])], linkerSettings: [.linkedLibrary("pthread")]),
        .target(name: "Tensor", dependencies: ["CBLAS", "CWinograd", "CWorkerPool"], swiftSettings: optimised),
        .target(name: "Learning", dependencies: ["Tensor"], swiftSettings: optimised),
        // SHA-256 for fingerprints, cache keys and checksums (through libcrypto).
        .target(name: "Checksums", dependencies: ["CCrypto"]),
        .target(name: "Datasets", dependencies: ["Tensor", "Checksums", "CZlib", "CTurboJPEG", "CPNG"],
                swiftSettings: optimised),
        .target(name: "Plot", dependencies: ["CCairo", "CZlib", "AtomicWrite"], swiftSettings: optimised),
        // Recording draw calls instead of pixels: only tests use it.
        .target(name: "PlotTesting", dependencies: ["Plot"], swiftSettings: optimised),
        // The report's framework: steps and runs, cache, stores, locks,
        // checkpoints, progress, templating and its lint, Markdown and HTML,
        // baselines and diff, provenance, Slurm. It cannot import Learning or
        // Datasets, so what a particular section knows stays out of it.
        .target(
            name: "ReportKit",
            dependencies: [
                "AtomicWrite", "Checksums", "Tensor", "Plot", "CMarkGFM",
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            swiftSettings: optimised),
        // The coursework's report: one folder per part (its step, metrics,
        // figures and section), listed in order in ReportParts.swift.
        .target(
            name: "Sections",
            dependencies: ["ReportKit", "AtomicWrite", "Checksums", "Tensor", "Learning", "Datasets", "Plot"],
            swiftSettings: optimised),
        // Timings and the figure gallery: what `report bench` and `report figure --gallery` run.
        .target(name: "Bench", dependencies: ["Tensor", "Learning", "Datasets", "Plot"], swiftSettings: optimised),
        .executableTarget(
            name: "ReportCLI",
            dependencies: ["ReportKit", "Sections", "Bench", "Tensor", "Learning", "Datasets", "Plot", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: optimised),

        .testTarget(name: "AtomicWriteTests", dependencies: ["AtomicWrite"]),
        .testTarget(name: "TensorTests", dependencies: ["Tensor", "CWinograd", "CWorkerPool"]),
        .testTarget(name: "LearningTests", dependencies: ["Learning"]),
        .testTarget(name: "DatasetsTests", dependencies: ["Datasets", "Checksums", "CPNG", "CZlib"]),
        .testTarget(name: "PlotTests", dependencies: ["Plot", "PlotTesting", "Bench"]),
        .testTarget(name: "ReportTests", dependencies: ["ReportKit", "Sections", "Checksums", "PlotTesting", "Tensor"]),
        .testTarget(name: "BenchTests", dependencies: ["Bench", "Plot", "PlotTesting", "Learning", "Tensor"]),
    ]
)
