import CMarkGFM
import Foundation

/// Turns the report's references in running text ("section 3.1", "Figure 6",
/// "Table 3", "Problem 2", "sections 3.1 and 3.4") into links to what they
/// name, on the parsed tree: only text nodes are read, never headings, links,
/// code or image descriptions, and a caption does not link to its own figure.
/// A reference to something the page does not have stays plain text.
package enum CrossReferences {
    /// Link targets by reference: "section 3.1", "figure 6", "table 3", "problem 2" → element id.
    package struct Targets {
        private(set) var ids: [String: String] = [:]

        package subscript(kind kind: String, number number: String) -> String? { ids["\(kind) \(number)"] }

        /// "3.1 The photos and the network" is section 3.1; "2 Problem 2: …" is
        /// also Problem 2.
        package mutating func addHeading(_ heading: HTMLConversion.Heading) {
            let number = heading.title.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
            guard !number.isEmpty, !number.hasSuffix("."), heading.title.dropFirst(number.count).first == " " else { return }
            if ids["section \(number)"] == nil { ids["section \(number)"] = heading.id }
            if !number.contains("."), heading.title.dropFirst(number.count + 1).hasPrefix("Problem \(number)") {
                ids["problem \(number)"] = ids["problem \(number)"] ?? heading.id
            }
        }

        package mutating func add(kind: String, number: Int?, id: String?) {
            guard let number, let id, ids["\(kind) \(number)"] == nil else { return }
            ids["\(kind) \(number)"] = id
        }
    }

    /// Links every reference under `node`. `own` maps a block (a figure's or a
    /// table's caption) to the id it stands for, which it then does not link to.
    package static func link(in node: MarkdownNode, to targets: Targets, own: [MarkdownNode: String], skipping current: String? = nil) {
        switch node.type {
        case CMARK_NODE_HEADING, CMARK_NODE_LINK, CMARK_NODE_IMAGE, CMARK_NODE_CODE, CMARK_NODE_CODE_BLOCK:
            return
        case CMARK_NODE_TEXT:
            linkText(node, to: targets, skipping: current)
        default:
            for child in node.children { link(in: child, to: targets, own: own, skipping: own[child] ?? current) }
        }
    }

    /// One reference found in a text: where it is, and the element it names.
    package struct Found: Equatable {
        package var range: Range<String.Index>
        package var id: String
    }

    /// Replaces `text` by text and links.
    private static func linkText(_ text: MarkdownNode, to targets: Targets, skipping current: String?) {
        guard let literal = text.literal else { return }
        let found = references(in: literal, targets: targets).filter { $0.id != current }
        guard !found.isEmpty else { return }
        var position = literal.startIndex
        for reference in found {
            if position < reference.range.lowerBound { text.insertBefore(.text(String(literal[position..<reference.range.lowerBound]))) }
            text.insertBefore(.link(to: "#" + reference.id, text: String(literal[reference.range])))
            position = reference.range.upperBound
        }
        if position < literal.endIndex { text.literal = String(literal[position...]) } else { text.remove() }
    }

    /// "section 3.1", "Figures 10 and 11", "sections 1.2, 1.3 and 1.4": the
    /// first reference spans its word and number, later ones their number.
    package static func references(in text: String, targets: Targets) -> [Found] {
        var found: [Found] = []
        for match in text.matches(of: referencePattern) {
            guard let word = match.output[1].substring, let first = match.output[3].range, let list = match.output[4].range else { continue }
            let kind = word.lowercased()
            if let id = targets[kind: kind, number: String(text[first])] {
                found.append(Found(range: match.range.lowerBound..<first.upperBound, id: id))
            }
            for later in text[list].matches(of: numberPattern) {
                if let id = targets[kind: kind, number: String(text[later.range])] { found.append(Found(range: later.range, id: id)) }
            }
        }
        return found
    }

    private static let numberSyntax = #"\d+(?:\.\d+)*"#
    private static let spaceSyntax = "[ \u{00A0}]+"
    /// A word, an optional plural s, a number, then more numbers after commas or "and".
    private static let referencePattern = try! Regex(
        #"\b(Section|section|Figure|figure|Table|table|Problem|problem)(s?)"# + spaceSyntax + "(\(numberSyntax))"
            + "((?:(?:,\(spaceSyntax)|,?\(spaceSyntax)and\(spaceSyntax))\(numberSyntax))*)")
    private static let numberPattern = try! Regex(numberSyntax)
}
