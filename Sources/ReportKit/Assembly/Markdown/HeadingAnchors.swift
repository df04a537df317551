import Foundation

/// Heading ids as GitHub makes them for a Markdown file, so that a link to
/// `#11-the-model` works both on GitHub's view of report.md and in index.html.
///
/// GitHub lowercases the heading's text, drops every character that is not a
/// letter, digit, underscore, hyphen or space, turns each space into a hyphen
/// (runs are not merged: "a – b" gives "a--b"), and numbers repeats: the
/// second "Setup" is "setup-1", the third "setup-2".
package struct HeadingAnchors {
    private var used: [String: Int] = [:]

    package static func slug(_ text: String) -> String {
        var out = ""
        for scalar in text.lowercased().unicodeScalars {
            if scalar == " " {
                out.append("-")
            } else if scalar == "-" || scalar == "_" || isWordCharacter(scalar) {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// The id for the next heading with this text, unique in the document.
    package mutating func id(for text: String) -> String {
        let base = Self.slug(text)
        guard let count = used[base] else {
            used[base] = 0
            return base
        }
        var suffix = count + 1
        // "a-1" may itself be a heading's own slug; skip ids already given.
        while used["\(base)-\(suffix)"] != nil { suffix += 1 }
        used[base] = suffix
        used["\(base)-\(suffix)"] = 0
        return "\(base)-\(suffix)"
    }

    /// Letters, marks, decimal digits and connectors of any script: Ruby's \p{Word},
    /// which GitHub's filter keeps (so "²" and "×" go, "é" stays).
    private static func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .letterNumber,
             .connectorPunctuation:
            return true
        default:
            return false
        }
    }
}
