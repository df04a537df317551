import Foundation
import Plot
import XCTest
@testable import ReportKit
@testable import Sections

final class TemplateTests: XCTestCase {
    var directory: TemporaryDirectory!
    override func setUp() { directory = TemporaryDirectory("templates") }
    override func tearDown() { directory.remove() }

    struct Inner { var value: String; var flag: Bool }
    struct View { var title: String; var items: [Inner]; var maybe: Inner?; var none: Inner? }
    let view = View(title: "T", items: [Inner(value: "a", flag: true)], maybe: Inner(value: "m", flag: false), none: nil)

    func testRendersMarkdownWithoutHTMLEscaping() throws {
        directory.write("# {{title}} & co\n{{#items}}- {{value}}{{#flag}} yes{{/flag}}\n{{/items}}{{#maybe}}{{value}} <{{title}}>{{/maybe}}{{^none}}none{{/none}}",
                        to: "x.md.mustache")
        let out = try TemplateSet(directory: directory.path).render("x.md.mustache", view)
        XCTAssertEqual(out, "# T & co\n- a yes\nm <T>none")
    }

    func testUnknownTagIsAnErrorNamingFileAndLine() throws {
        directory.write("# {{title}}\n\n{{#items}}{{valeu}}{{/items}}\n", to: "x.md.mustache")
        XCTAssertThrowsError(try TemplateSet(directory: directory.path).render("x.md.mustache", view)) { error in
            XCTAssertEqual("\(error)", "\(directory.path)/x.md.mustache:3: unknown tag '{{valeu}}': the view has no 'valeu'")
        }
        directory.write("{{maybe.nope}}", to: "y.md.mustache")
        XCTAssertThrowsError(try TemplateSet(directory: directory.path).render("y.md.mustache", view)) {
            XCTAssertTrue("\($0)".contains("y.md.mustache:1: unknown tag '{{maybe.nope}}'"), "\($0)")
        }
    }

    func testNamesInsideNilOrEmptySectionsAreNotFalseAlarms() throws {
        directory.write("{{#none}}{{anything}}{{/none}}{{^none}}{{title}}{{/none}}", to: "x.md.mustache")
        XCTAssertEqual(try TemplateSet(directory: directory.path).render("x.md.mustache", view), "T")
    }

    func testSyntaxErrorNamesFileAndLine() throws {
        directory.write("line one\n{{#items}}\nunclosed section\n", to: "x.md.mustache")
        XCTAssertThrowsError(try TemplateSet(directory: directory.path).render("x.md.mustache", view)) { error in
            let message = "\(error)"
            XCTAssertTrue(message.hasPrefix("\(directory.path)/x.md.mustache:"), message)
            XCTAssertTrue(message.contains("template syntax error"), message)
            XCTAssertFalse(message.contains("\n"), message)
        }
        directory.write("{{#items}}{{/itemz}}", to: "y.md.mustache")
        XCTAssertThrowsError(try TemplateSet(directory: directory.path).render("y.md.mustache", view)) {
            XCTAssertTrue("\($0)".contains("y.md.mustache:1:"), "\($0)")
            XCTAssertTrue("\($0)".contains("closed with the wrong name"), "\($0)")
        }
    }

    func testMissingTemplateFolderOrFile() {
        XCTAssertThrowsError(try TemplateSet(directory: directory.file("nope"))) {
            XCTAssertTrue("\($0)".contains("templates folder not found"))
        }
        XCTAssertThrowsError(try TemplateSet(directory: directory.path).render("absent.md.mustache", view)) {
            XCTAssertEqual("\($0)", "\(directory.path)/absent.md.mustache: template missing")
        }
    }

    /// Every project template parses and only uses names its view model has.
    /// Rendering throws on a name the view lacks, but can only check what the
    /// view fills in: so the report is assembled twice, once with every
    /// problem's results (the data branches) and once with none (the "missing"
    /// branches), and what neither run could check is listed below, explicitly.
    func testProjectTemplatesMatchTheirViewModels() throws {
        let empty = TemporaryDirectory("templates-empty")
        defer { empty.remove() }
        try P1Fixtures.writeAll(reports: directory.path)
        try ResultsStore(directory: directory.file("results")).save(P1Fixtures.cnn())
        try P3Fixtures.writeAll(reports: directory.path)
        let root = URL(fileURLWithPath: templatesDirectory).deletingLastPathComponent().path
        directory.write(try String(contentsOfFile: root + "/reports/baselines/original.json", encoding: .utf8), to: "baselines/original.json")
        try saveLongerProblem3Runs()
        try saveTwelveEpochMainRun()

        let full = try ReportAssembler(options: options(reports: directory.path), templatesDirectory: templatesDirectory,
                                       progress: CapturedLog().reporter)
        let output = try full.assemble(formats: [.png])
        XCTAssertEqual(output.missingSections, [], "every section renders its data branch")
        XCTAssertFalse(output.markdown.contains("{{"))
        XCTAssertFalse(output.html.contains("{{"))

        let none = try ReportAssembler(options: options(reports: empty.path), templatesDirectory: templatesDirectory,
                                       progress: CapturedLog().reporter)
        let missing = try none.assemble(formats: [.png])
        XCTAssertEqual(missing.missingSections, SectionRegistry.all.map(\.id).filter { !["comparison", "provenance"].contains($0) })

        for section in SectionRegistry.all {
            let withData = full.templates.uncheckedSections[section.template] ?? ["not rendered"]
            let withoutData = none.templates.uncheckedSections[section.template] ?? ["not rendered"]
            // What the full run could not check, unless the empty run checked it
            // (its "missing" branch; nothing under an empty "data").
            let neverChecked = withData.filter {
                $0 == "missing" ? withoutData.contains("missing") : withoutData.contains($0) || withoutData.contains("data")
            }
            XCTAssertEqual(neverChecked, Self.uncheckedByFixtures[section.id] ?? [], "\(section.template): sections no fixture fills in")
        }
    }

    /// Sections the fixtures leave empty, so their tags are not checked here.
    /// Empty: keep it so, by filling in a fixture rather than adding to it.
    static let uncheckedByFixtures: [String: [String]] = [:]

    /// The main VGG at 12 epochs, so that the comparison's sentence on how far
    /// Problem 3's validation accuracy moves over the last ten renders too.
    func saveTwelveEpochMainRun() throws {
        var record = P3Fixtures.train()
        let accuracies: [(train: Double, valid: Double?)] = (1...12).map { epoch in
            let e = Double(epoch), wobble = Double(epoch % 4)
            return (train: 0.5 + 0.03 * e, valid: 0.6 + 0.02 * wobble)
        }
        record.config.run = P3TrainStep.mainRun(epochs: 12)
        record.output.run = P3Fixtures.run("vgg_lr0.1_bs128", curve: P3Fixtures.curve(accuracies))
        try ResultsStore(directory: directory.file("results")).save(record)
    }

    /// A full-profile baseline in which the P3 fixtures' VGG and ResNets ran
    /// longer, so the sections' "kept as a baseline" sentences render too.
    func saveLongerProblem3Runs() throws {
        var metrics: [String: Metric] = [:]
        func curve(_ base: String, epochs: Int, final: Double) {
            for epoch in 1...epochs { metrics[MetricName.epoch(base, epoch)] = Metric(final - Double(epochs - epoch), .accuracyPercent) }
            metrics[MetricName.final(base)] = Metric(final, .accuracyPercent)
        }
        curve("p3.train.vgg_lr0.1_bs128.valid.accuracy", epochs: 15, final: 90)
        curve("p3.resnet.resnet-bn_lr0.05_bs128.valid.accuracy", epochs: 6, final: 88)
        curve("p3.resnet.resnet-plain_lr0.05_bs128.valid.accuracy", epochs: 6, final: 80)
        metrics["p3.resnet.resnet-bn_lr0.05_bs128.parameters.total"] = Metric(2_800_000, .count)
        try BaselineStore(directory: directory.file("baselines"))
            .save(Baseline(name: "long-run", description: "Longer runs.", profile: "full", metrics: metrics))
    }
}

final class AssemblyTests: XCTestCase {
    var directory: TemporaryDirectory!
    override func setUp() { directory = TemporaryDirectory("assembly") }
    override func tearDown() { directory.remove() }

    func assemble(standalone: Bool = false) throws -> ReportAssembler.Output {
        try ReportAssembler(options: options(reports: directory.path), templatesDirectory: templatesDirectory,
                            progress: CapturedLog().reporter)
            .assemble(standalone: standalone, formats: [.png])
    }

    func copyOriginalBaseline() throws {
        let root = URL(fileURLWithPath: templatesDirectory).deletingLastPathComponent().path
        try FileManager.default.createDirectory(atPath: directory.file("baselines"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: root + "/reports/baselines/original.json", toPath: directory.file("baselines/original.json"))
    }

    /// A report depends on the saved results and the code only: assembled again
    /// a second later, it is the same file.
    func testReassemblingTheSameResultsGivesTheSameFiles() throws {
        try P1Fixtures.writeAll(reports: directory.path)
        let first = try assemble()
        Thread.sleep(forTimeInterval: 1.1)
        let second = try assemble()
        XCTAssertEqual(first.markdown, second.markdown)
        XCTAssertEqual(first.html, second.html)
    }

    /// A no-op build draws no figure again; a changed result, or a figure file
    /// written over by hand, is drawn again.
    func testFiguresAreDrawnAgainOnlyWhenWhatTheyShowChanged() throws {
        try P1Fixtures.writeAll(reports: directory.path)
        _ = try assemble()
        let figures = directory.path + "/figures"
        func stamp(_ name: String) throws -> Date {
            try FileManager.default.attributesOfItem(atPath: "\(figures)/\(name).png")[.modificationDate] as! Date
        }
        let loss = try stamp("p1-init-loss"), gradcheck = try stamp("p1-gradcheck")
        Thread.sleep(forTimeInterval: 0.05)
        _ = try assemble()
        XCTAssertEqual(try stamp("p1-init-loss"), loss, "nothing changed: not drawn again")

        let result = directory.path + "/results/p1.init.json"
        try (try String(contentsOfFile: result, encoding: .utf8) + "\n").write(toFile: result, atomically: true, encoding: .utf8)
        try Data("not a png".utf8).write(to: URL(fileURLWithPath: "\(figures)/p1-gradcheck.png"))
        _ = try assemble()
        XCTAssertNotEqual(try stamp("p1-init-loss"), loss, "its result changed: drawn again")
        XCTAssertNotEqual(try stamp("p1-gradcheck"), gradcheck)
        XCTAssertNotEqual(try Data(contentsOf: URL(fileURLWithPath: "\(figures)/p1-gradcheck.png")), Data("not a png".utf8),
                          "a figure written over is drawn again")
    }

    func testPageFromFixtureResultsHasEveryFigureAndNoLeftoverTags() throws {
        try P1Fixtures.writeAll(reports: directory.path)
        try copyOriginalBaseline()
        let output = try assemble(standalone: true)

        let html = directory.read("index.html")
        let markdown = directory.read("report.md")
        XCTAssertEqual(html, output.html)
        XCTAssertFalse(html.contains("{{"), "leftover template tag in the HTML")
        XCTAssertFalse(markdown.contains("{{"), "leftover template tag in the Markdown")

        // Every image the page shows exists, and all four P1 figures are there.
        let sources = HTMLConversion.imageSources(in: html)
        XCTAssertEqual(Set(sources), Set(["figures/p1-init-loss.png", "figures/p1-init-accuracy.png",
                                          "figures/p1-hyper-valid.png", "figures/p1-gradcheck.png"]))
        for src in sources {
            XCTAssertTrue(FileManager.default.fileExists(atPath: directory.file(src)), "broken image link \(src)")
        }
        XCTAssertTrue(markdown.contains("](figures/p1-gradcheck.png)"), "report.md links figures relatively")
        XCTAssertEqual(html.components(separatedBy: "<figure id=\"figure-").count - 1, 4)
        XCTAssertTrue(html.contains("<figure id=\"figure-4\">"), "figures are link targets")

        // Tables are generated, values come formatted from results.
        XCTAssertTrue(markdown.contains("| **Total** |  |  | **973,702** |"), markdown)
        XCTAssertTrue(markdown.contains("11.36\u{00A0}%"))
        XCTAssertTrue(html.contains("<table>"))
        // Tables are numbered in order, in report.md and on the page, where they scroll sideways.
        XCTAssertTrue(markdown.contains("*Table 1*\n\n| Layer |"), markdown)
        let tables = html.components(separatedBy: "<table>").count - 1
        XCTAssertTrue(markdown.contains("*Table \(tables)*") && !markdown.contains("*Table \(tables + 1)*"), "\(tables) tables")
        XCTAssertTrue(html.contains("<figure class=\"table\" id=\"table-1\">\n<figcaption>\nTable 1\n</figcaption>\n<div class=\"table-scroll\">"))
        // Headings have GitHub's ids, and the contents fold on narrow screens.
        XCTAssertTrue(html.contains("<h3 id=\"11-the-model\">"), html)
        XCTAssertTrue(html.contains("<li class=\"sub\"><a href=\"#11-the-model\">1.1 The model</a></li>"), html)
        XCTAssertTrue(html.contains("<details id=\"toc\">"))
        XCTAssertTrue(html.contains("<a href=\"#13-hyper-parameter-search\">Section 1.3</a>"), "cross-references are links")
        // Missing parts say so, and the report still builds.
        XCTAssertTrue(markdown.contains("## 2 Problem 2"))
        XCTAssertTrue(markdown.contains("Run `report build --steps p2.cnn`"), markdown)
        XCTAssertEqual(output.missingSections, ["p2"] + SectionRegistry.all.map(\.id).filter { $0.hasPrefix("p3-") })
        XCTAssertTrue(markdown.contains("read from `data/catdog` or from the folder given with `--catdog-dir DIR`"), "P3 says which folder is missing")
        // The comparison with the original uses the diff.
        XCTAssertTrue(markdown.contains("| `p1.model.parameters.total` | 973,702 | 973,702 |"), markdown)
        // Provenance: the code's commit, the machines and commits of the results, nothing of this assembly.
        XCTAssertTrue(markdown.contains("the last that changed the code or the templates") || markdown.contains("no commit is known"))
        XCTAssertTrue(markdown.contains("| `p1.init` | quick | 1 |"), markdown)
        XCTAssertTrue(markdown.contains("`0123456789` |"), "each result's own commit")

        // The standalone page carries its figures.
        let standalone = try XCTUnwrap(output.standalone)
        XCTAssertEqual(directory.read("report-standalone.html"), standalone)
        XCTAssertFalse(standalone.contains("src=\"figures/"))
        XCTAssertEqual(HTMLConversion.imageSources(in: standalone).filter { $0.hasPrefix("data:image/png;base64,") }.count, 4)
    }

    /// A baseline saved from full-profile results gets its own table beside the
    /// original; a baseline of another profile does not.
    func testSavedFullRunsAppearBesideTheOriginal() throws {
        try P1Fixtures.writeAll(reports: directory.path)
        try copyOriginalBaseline()
        let store = BaselineStore(directory: directory.file("baselines"))
        let zero = "p1.init.zero.accuracy.final"
        try store.save(Baseline(name: "long-run", description: "A 35-epoch run.", profile: "full",
                                metrics: [zero: Metric(30.0, .accuracyPercent)]))
        try store.save(Baseline(name: "short-run", description: "A default run.", profile: "default",
                                metrics: [zero: Metric(11.4, .accuracyPercent)]))
        let markdown = try assemble().markdown
        XCTAssertTrue(markdown.contains("### Full-length runs kept as baselines"), markdown)
        XCTAssertTrue(markdown.contains("The baseline `long-run` holds a separately saved run on the original's schedule. A 35-epoch run."), markdown)
        XCTAssertTrue(markdown.contains("(0 of 1 within tolerance)"), markdown)
        XCTAssertTrue(markdown.contains("| `\(zero)` | 11.36\u{00A0}% | 30.00\u{00A0}% |"), markdown)
        XCTAssertFalse(markdown.contains("short-run"))
    }

    func testOnlySomeResultsStillBuilds() throws {
        let store = ResultsStore(directory: directory.file("results"))
        try store.save(P1Fixtures.model())
        let output = try assemble()
        XCTAssertEqual(output.figures, [])
        XCTAssertEqual(Set(output.skippedFigures), Set(FigureRegistry.all.map(\.name)))
        XCTAssertTrue(output.markdown.contains("Run `report build --steps p1.init`"))
        XCTAssertTrue(output.markdown.contains("No comparison in this build"))
        XCTAssertEqual(HTMLConversion.imageSources(in: output.html), [])
    }

    func testProblem2SectionWhenItsResultExists() throws {
        try P1Fixtures.writeAll(reports: directory.path)
        try ResultsStore(directory: directory.file("results")).save(P1Fixtures.cnn())
        let output = try assemble()
        XCTAssertEqual(output.missingSections, SectionRegistry.all.map(\.id).filter { $0.hasPrefix("p3-") })
        XCTAssertTrue(output.figures.contains("p2-curves"))
        XCTAssertTrue(output.markdown.contains("](figures/p2-curves.png)"))
        XCTAssertTrue(output.markdown.contains("**41,130** parameters"), output.markdown)
        XCTAssertTrue(output.markdown.contains("| 0 (start) | 9.90\u{00A0}% | 10.30\u{00A0}% |"), output.markdown)
        XCTAssertTrue(output.markdown.contains("In this build the perceptron is ahead (−0.30\u{00A0}pts"), output.markdown)
        XCTAssertTrue(output.markdown.contains("Figure 5:"), "figures are numbered across the report")
        XCTAssertFalse(output.html.contains("{{"))
    }

    func testCorruptResultGivesAnErrorNamingTheFile() throws {
        try P1Fixtures.writeAll(reports: directory.path)
        directory.write("{\"header\": {\"step\": 3}}", to: "results/p1.gradcheck.json")
        XCTAssertThrowsError(try assemble()) { error in
            XCTAssertTrue("\(error)".hasPrefix(directory.file("results/p1.gradcheck.json") + ": "), "\(error)")
        }
    }
}

final class FigureTests: XCTestCase {
    var directory: TemporaryDirectory!
    override func setUp() { directory = TemporaryDirectory("figures") }
    override func tearDown() { directory.remove() }

    func testUnknownNameListsTheValidOnes() {
        XCTAssertThrowsError(try FigureRegistry.figure(named: "p1-nope")) {
            XCTAssertEqual("\($0)", "unknown figure 'p1-nope'; valid figures: " + FigureRegistry.all.map(\.name).joined(separator: ", "))
            XCTAssertTrue("\($0)".contains("p3-confusing-cats, p3-confusing-dogs"))
        }
    }

    func testMissingInputNamesTheStepToBuild() throws {
        let renderer = FigureRenderer(options: options(reports: directory.path))
        XCTAssertThrowsError(try renderer.render(FigureRegistry.figure(named: "p1-gradcheck"))) { error in
            let message = "\(error)"
            XCTAssertTrue(message.contains("results/p1.gradcheck.json: missing"), message)
            XCTAssertTrue(message.contains("run `report build --steps p1.gradcheck`"), message)
        }
        XCTAssertEqual(renderer.state(of: try FigureRegistry.figure(named: "p1-gradcheck")), .blocked)
    }

    func testRendersEachFormatFromSavedResultsAlone() throws {
        try P1Fixtures.writeAll(reports: directory.path)
        let renderer = FigureRenderer(options: options(reports: directory.path))
        try ResultsStore(directory: directory.file("results")).save(P1Fixtures.cnn())
        try P3Fixtures.writeAll(reports: directory.path)
        for figure in FigureRegistry.all {
            XCTAssertEqual(renderer.state(of: figure), .missing)
            let paths = try renderer.render(figure, formats: [.svg, .png])
            XCTAssertEqual(paths, [directory.file("figures/\(figure.name).svg"), directory.file("figures/\(figure.name).png")])
            XCTAssertTrue(directory.read("figures/\(figure.name).svg").contains("<svg"))
            XCTAssertEqual(renderer.state(of: figure), .fresh)
        }
        let out = directory.file("elsewhere/g.pdf")
        XCTAssertEqual(try renderer.render(FigureRegistry.figure(named: "p1-gradcheck"), formats: [.pdf], out: out), [out])
        XCTAssertTrue(FileManager.default.contents(atPath: out)!.starts(with: Array("%PDF".utf8)))
    }
}
