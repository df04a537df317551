import Foundation
import Learning
import XCTest
@testable import ReportKit
@testable import Sections
import Tensor

/// The command line's own behaviour: version, completion, list syntax, file errors.
final class CommandLineTests: XCTestCase {
    var checkout: TemporaryDirectory!
    var reports: String { checkout.file("reports") }

    override func setUpWithError() throws {
        checkout = TemporaryDirectory("cli")
        makeCheckout(checkout)
        try P1Fixtures.writeAll(reports: reports)
    }

    override func tearDown() { checkout.remove() }

    func report(_ arguments: [String]) throws -> ReportCLI.Outcome {
        try ReportCLI.run(arguments, in: checkout.path)
    }

    func testVersionNamesThePackageVersionAndTheCommitWhenKnown() throws {
        let outcome = try report(["--version"])
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        XCTAssertTrue(outcome.stdout.hasPrefix("report \(ReportVersion.number) (commit "), outcome.stdout)
        XCTAssertEqual(outcome.stdout.split(separator: "\n").count, 1)
        XCTAssertEqual(ReportVersion.describe(executable: "/nonexistent/bin/report"), "report \(ReportVersion.number) (commit unknown)")
    }

    /// On a CPU OpenBLAS does not know (a Sapphire Rapids Xeon under Debian 12's
    /// 0.3.21), `report` runs the widest kernels the CPU has; a user's own
    /// OPENBLAS_CORETYPE is kept.
    func testVersionNamesTheBLASKernelsAndTheyAreAsWideAsTheCPU() throws {
        let chosen = try report(["--version"])
        XCTAssertEqual(chosen.status, 0, chosen.stderr)
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        if BLASCoreChoice.cpuFlags(cpuinfo: cpuinfo).isSuperset(of: ["avx2", "fma"]) {
            // "…; OpenBLAS 0.3.21 (SkylakeX; OpenBLAS alone picks Prescott on this CPU)"
            let kernels = chosen.stdout.range(of: "; OpenBLAS ").map { chosen.stdout[$0.upperBound...] }?
                .split(separator: "(").dropFirst().first
            for fallback in ["Prescott", "Core2", "Nehalem", "Sandybridge", "Unknown"] {
                XCTAssertFalse(kernels?.hasPrefix(fallback) ?? true, chosen.stdout)
            }
        }
        let users = try ReportCLI.run(["--version"], in: checkout.path, environment: ["OPENBLAS_CORETYPE": "Prescott"])
        XCTAssertTrue(users.stdout.hasSuffix("(Prescott)\n"), users.stdout)
    }

    func testCompletionOffersFiguresStepsAndSavedBaselines() throws {
        let script = try report(["--generate-completion-script", "bash"])
        XCTAssertEqual(script.status, 0, script.stderr)
        for word in ["p2-curves", "p3-reliability", "p3.train", "p1.gradcheck", "--json", "metrics"] {
            XCTAssertTrue(script.stdout.contains(word), word)
        }
        _ = try BaselineComparison.save(options: options(reports: reports), name: "mine", description: nil, overwrite: false)
        _ = try BaselineComparison.save(options: options(reports: reports), name: "other", description: nil, overwrite: false)
        // What the bash script runs for `report diff --baseline m<TAB>`.
        let custom = try report(["---completion", "diff", "--", "--baseline", "3", "1", "report", "diff", "--baseline", "m"])
        XCTAssertEqual(custom.stdout.split(separator: "\n"), ["mine"], custom.stderr)
    }

    func testStepsAndForceTakeTheSameListSyntax() throws {
        XCTAssertEqual(StepRegistry.parseList(["p1.model,p1.init", " p2 ", "p3,"]), ["p1.model", "p1.init", "p2", "p3"])
        let expected = ["run   p1.model        forced", "run   p1.gradcheck    forced"]
        for arguments in [["--steps", "p1.model,p1.gradcheck", "--force", "p1.model", "p1.gradcheck"],
                          ["--steps", "p1.model", "p1.gradcheck", "--force", "p1.model,p1.gradcheck"]] {
            let outcome = try report(["build", "--dry-run", "--skip-assembly"] + arguments)
            XCTAssertEqual(outcome.status, 0, "\(arguments): \(outcome.stderr)")
            for line in expected { XCTAssertTrue(outcome.stdout.contains(line), "\(arguments): \(outcome.stdout)") }
        }
        for flag in ["--steps", "--force"] {
            let outcome = try report(["build", "--dry-run", "--skip-assembly", flag, "p1.model,nosuch"])
            XCTAssertNotEqual(outcome.status, 0)
            XCTAssertTrue(outcome.stderr.contains("\(flag): unknown step 'nosuch'"), outcome.stderr)
        }
    }

    func testAnUnknownImageIsAnErrorBeforeAnythingRuns() throws {
        let photos = CatDogPhotos.write(in: checkout.file("photos"))
        XCTAssertNoThrow(try CatDogData.requireLabelledPhoto("3.Cat.jpg", in: photos))
        let outcome = try report(["build", "--skip-assembly", "--steps", "p1.model", "--catdog-dir", photos, "--image", "nosuch.jpg"])
        XCTAssertEqual(outcome.status, 1)
        XCTAssertTrue(outcome.stderr.hasPrefix("error: --image nosuch.jpg: no photo of that name in \(photos)/trainset/Cat"), outcome.stderr)
        XCTAssertFalse(outcome.stderr.contains("done"), "nothing ran")
    }

    func testOutTakesAFileNameOf250Characters() throws {
        let name = String(repeating: "a", count: 246) + ".png"
        let outcome = try report(["figure", "p1-gradcheck", "--out", name])
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: checkout.file(name)))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: checkout.path).filter { $0.contains(".tmp-") }, [])
    }

    func testFileErrorsAreOneLineNamingThePath() throws {
        checkout.write("a file", to: "plain")
        for arguments in [["figure", "--gallery", "plain/gallery"],
                          ["build", "--skip-assembly", "--steps", "p1.model", "--reports-dir", "plain/reports"],
                          ["figure", "p1-gradcheck", "--out", "plain/figure.png"]] {
            let outcome = try report(arguments)
            XCTAssertEqual(outcome.status, 1, "\(arguments)")
            XCTAssertEqual(outcome.stderr.split(separator: "\n").count, 1, "\(arguments): \(outcome.stderr)")
            XCTAssertTrue(outcome.stderr.hasPrefix("error: plain"), "\(arguments): \(outcome.stderr)")
            XCTAssertFalse(outcome.stderr.contains("Domain="), outcome.stderr)
        }
        let cocoa = NSError(domain: NSCocoaErrorDomain, code: 4, userInfo: [
            NSFilePathErrorKey: "/x/y", NSUnderlyingErrorKey: NSError(domain: NSPOSIXErrorDomain, code: Int(ENOENT)),
        ])
        XCTAssertEqual(ReportError.describing(cocoa), "/x/y: No such file or directory")
    }

    func testDamagedWeightsAreAnErrorNotAWarning() throws {
        checkout.write("not a checkpoint", to: "weights.ckpt")
        // The file is refused before any weight is read: an empty network will do.
        let model = Sequential<Float>(inputShape: [1], layers: [])
        XCTAssertThrowsError(try ModelFile.load(into: model, from: checkout.file("weights.ckpt"))) { error in
            let message = ReportError.describing(error)
            XCTAssertTrue(message.hasPrefix(checkout.file("weights.ckpt") + ": "), message)
            XCTAssertFalse(message.contains("warning"), "printed as 'error: warning: …': \(message)")
            XCTAssertTrue(message.hasSuffix("run `report build --force p3.train` to train them again"), message)
        }
    }
}
