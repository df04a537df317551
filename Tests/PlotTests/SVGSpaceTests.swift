import Foundation
import XCTest
@testable import Plot
#if canImport(FoundationXML)
import FoundationXML
#endif

/// SVG collapses runs of spaces in text unless told otherwise, so a label
/// spaced on purpose ("N   (ε = 1/N)") lost its gaps in the SVG while the PNG
/// and the PDF kept them.
final class SVGSpaceTests: XCTestCase {
    func testRepeatedSpacesInTextArePreserved() throws {
        let figure = Figure(width: 300, height: 200)
        let axes = figure.addAxes()
        axes.line(y: [1, 2, 3], label: "a  b")
        axes.set(xLabel: "N   (ε = 1/N)", yLabel: "plain")
        let texts = try TextSpaces.read(figure.svgString())
        let spaced = texts.filter { $0.text.contains("  ") }
        XCTAssertEqual(Set(spaced.map(\.text)), ["N   (ε = 1/N)", "a  b"])
        for text in spaced { XCTAssertEqual(text.space, "preserve", "\(text.text) keeps its spaces") }
    }
}

/// Every <text> element's content with the xml:space in force for it.
final class TextSpaces: NSObject, XMLParserDelegate {
    struct Text { var text: String; var space: String }
    private var spaces = ["default"]
    private var current: String?
    private var found: [Text] = []

    static func read(_ svg: String) throws -> [Text] {
        let reader = TextSpaces()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = reader
        guard parser.parse() else { throw parser.parserError ?? CocoaError(.fileReadCorruptFile) }
        return reader.found
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        spaces.append(attributes["xml:space"] ?? spaces.last!)
        if name == "text" { current = "" }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { current? += string }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        let space = spaces.removeLast()
        if name == "text", let text = current {
            found.append(Text(text: text, space: space))
            current = nil
        }
    }
}
