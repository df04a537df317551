import Foundation
import Mustache

/// The report's templates, read from one folder (templates/ by default):
/// `report.md.mustache`, `page.html.mustache`, `report.css`, `sections/*.md.mustache`.
///
/// Markdown templates render without HTML escaping (Ink escapes later); the
/// page template escapes. Before rendering, every tag is checked against the
/// view model, so a misspelt name is an error naming the file and line instead
/// of a silent blank in the report.
public final class TemplateSet {
    public let directory: String
    private var parsed: [String: MustacheTemplate] = [:]
    /// Per template rendered, the sections whose contents were not name-checked
    /// because the view had nothing there (nil, empty list): what a test must
    /// fill in to have every tag checked.
    private(set) var uncheckedSections: [String: [String]] = [:]

    public init(directory: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ReportError("\(directory): templates folder not found (run from the project folder, or pass --templates-dir)")
        }
        self.directory = directory
    }

    public func path(_ name: String) -> String { "\(directory)/\(name)" }

    /// The raw text of a file in the set (e.g. the CSS).
    public func text(_ name: String) throws -> String {
        let file = path(name)
        guard let data = FileManager.default.contents(atPath: file) else {
            throw ReportError("\(file): template missing")
        }
        guard let text = String(data: data, encoding: .utf8) else { throw ReportError("\(file): not UTF-8 text") }
        return text
    }

    /// Renders template `name` with `view`; checks syntax and names first.
    public func render(_ name: String, _ view: Any) throws -> String {
        let template = try load(name)
        // Partials are checked where they are used, against the view at that point.
        let source = try inliningPartials(try text(name))
        let (problems, unchecked) = TemplateLint.check(source, view: view)
        uncheckedSections[name] = unchecked
        if let first = problems.first {
            let more = problems.count > 1 ? " (and \(problems.count - 1) more: \(problems.dropFirst().map(\.name).joined(separator: ", ")))" : ""
            throw ReportError("\(path(name)):\(first.line): unknown tag '{{\(first.tag)}}': the view has no '\(first.name)'\(more)")
        }
        let rendered = template.render(view, library: try partials())
        if let line = rendered.split(separator: "\n", omittingEmptySubsequences: false).firstIndex(where: { $0.contains("{{") }) {
            throw ReportError("\(path(name)): output line \(line + 1) still holds '{{' (a value containing template syntax?)")
        }
        return rendered
    }

    /// Parses template `name` (syntax only; names are checked when rendering with a view).
    public func check(_ name: String) throws {
        _ = try load(name)
        _ = try partials()
    }

    /// Text shared by several templates, `partials/<name>.md.mustache`, used as
    /// `{{> name}}`: one wording for what would otherwise be retyped per section.
    private var library: MustacheLibrary?

    private func partials() throws -> MustacheLibrary {
        if let library { return library }
        var built = MustacheLibrary()
        for name in partialNames() { built.register(try load("partials/\(name).md.mustache"), named: name) }
        library = built
        return built
    }

    private func partialNames() -> [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: path("partials"))) ?? []
        return files.filter { $0.hasSuffix(".md.mustache") }.map { String($0.dropLast(".md.mustache".count)) }.sorted()
    }

    /// `source` with each `{{> name}}` replaced by that partial's text (its final
    /// newline dropped, so line numbers after it stay right), for the name check.
    private func inliningPartials(_ source: String) throws -> String {
        var result = source
        for name in partialNames() {
            let body = try text("partials/\(name).md.mustache")
            let inline = body.hasSuffix("\n") ? String(body.dropLast()) : body
            for tag in ["{{> \(name)}}", "{{>\(name)}}"] { result = result.replacingOccurrences(of: tag, with: inline) }
        }
        return result
    }

    private func load(_ name: String) throws -> MustacheTemplate {
        if let template = parsed[name] { return template }
        let source = try text(name)
        // Markdown needs no HTML escaping: Ink escapes when it converts.
        let prefix = name.hasSuffix(".md.mustache") ? "{{% CONTENT_TYPE: TEXT}}" : ""
        do {
            let template = try MustacheTemplate(string: prefix + source)
            parsed[name] = template
            return template
        } catch let error as MustacheTemplate.ParserError {
            let column = error.context.lineNumber == 1 ? max(1, error.context.columnNumber - prefix.count) : error.context.columnNumber
            throw ReportError("\(path(name)):\(error.context.lineNumber):\(column): template syntax error: "
                + "\(Self.describe(error.error)) in '\(error.context.line.trimmingCharacters(in: .whitespaces).prefix(80))'")
        } catch {
            throw ReportError("\(path(name)): template syntax error: \(error)")
        }
    }

    package static func describe(_ error: Error) -> String {
        switch error as? MustacheTemplate.Error {
        case .sectionCloseNameIncorrect: return "a section is closed with the wrong name"
        case .unfinishedName: return "a tag is not closed"
        case .expectedSectionEnd: return "a section is never closed"
        case .invalidSetDelimiter: return "bad delimiter change"
        case .unrecognisedConfigVariable, .invalidConfigVariableSyntax: return "bad {{% … }} pragma"
        default: return "\(error)"
        }
    }
}

/// Static check of a template's tags against a view model.
///
/// Resolves each name as Mustache would (the innermost section's object
/// first, then outwards; dotted names walk down), using the view's structure
/// (stored properties via reflection, or dictionary keys). A name is known
/// when some object on the stack has such a property, even if its value is
/// nil. Inside a section over nil or an empty list nothing can be checked
/// (and nothing is rendered), so such content is skipped.
package enum TemplateLint {
    package struct Problem: Equatable {
        package var tag: String
        package var name: String
        package var line: Int
    }

    private enum Frame {
        case object(Any)
        /// Contents that are never rendered for this view (nil, false, empty list): not checked.
        case unchecked
        /// Sections that keep the current object (booleans, inverted sections).
        case transparent
    }

    package static func unknownNames(in source: String, view: Any) -> [Problem] { check(source, view: view).problems }

    /// The unknown names, and the outermost sections whose contents could not be checked.
    package static func check(_ source: String, view: Any) -> (problems: [Problem], unchecked: [String]) {
        var problems: [Problem] = [], unchecked: [String] = []
        var stack: [Frame] = [.object(view)]
        var openNames: [String] = []
        var index = source.startIndex
        var line = 1
        while let open = source.range(of: "{{", range: index..<source.endIndex) {
            line += source[index..<open.lowerBound].filter { $0 == "\n" }.count
            let triple = source[open.upperBound...].hasPrefix("{")
            let closeToken = triple ? "}}}" : "}}"
            guard let close = source.range(of: closeToken, range: open.upperBound..<source.endIndex) else { break }
            let inner = source[open.upperBound..<close.lowerBound]
            line += inner.filter { $0 == "\n" }.count
            index = close.upperBound
            var body = String(triple ? inner.dropFirst() : inner).trimmingCharacters(in: .whitespacesAndNewlines)
            let sigil = body.first.map { "#^/!>&%=<$".contains($0) ? $0 : " " } ?? " "
            if sigil != " " { body = String(body.dropFirst()).trimmingCharacters(in: .whitespaces) }
            let tag = String(inner).trimmingCharacters(in: .whitespaces)
            switch sigil {
            case "!", "%", ">", "=", "<", "$": continue
            case "/":
                if !openNames.isEmpty { openNames.removeLast(); stack.removeLast() }
                continue
            default: break
            }
            let name = body
            // Sequence helpers (first(), last(), …) and the implicit iterator are always fine.
            let checkable = !name.contains("(") && name != "."
            var resolved: Resolution = .unchecked
            if checkable {
                resolved = resolve(name, in: stack)
                if case .unknown = resolved { problems.append(Problem(tag: tag, name: name, line: line)) }
            }
            switch sigil {
            case "#":
                openNames.append(name)
                let next = frame(for: resolved)
                if case .unchecked = next, !stack.contains(where: { if case .unchecked = $0 { true } else { false } }) {
                    unchecked.append(name)
                }
                stack.append(next)
            case "^":
                openNames.append(name)
                stack.append(.transparent)
            default: break
            }
        }
        return (problems, unchecked)
    }

    private enum Resolution {
        case value(Any?)
        case unknown
        case unchecked
    }

    private static func resolve(_ name: String, in stack: [Frame]) -> Resolution {
        let parts = name.hasPrefix(".") ? [String](name.dropFirst().split(separator: ".").map(String.init))
            : name.split(separator: ".").map(String.init)
        guard let head = parts.first else { return .unchecked }
        for frame in stack.reversed() {
            switch frame {
            case .transparent: continue
            case .unchecked: return .unchecked
            case .object(let object):
                guard let found = child(head, of: object) else { continue }
                var value = found.value
                for part in parts.dropFirst() {
                    guard let current = value else { return .unchecked }
                    guard let next = child(part, of: current) else { return .unknown }
                    value = next.value
                }
                return .value(value)
            }
        }
        return .unknown
    }

    private static func frame(for resolution: Resolution) -> Frame {
        guard case .value(let value) = resolution, let value else { return .unchecked }
        if value is Bool { return .transparent }
        if let list = value as? [Any] {
            guard let first = list.first else { return .unchecked }
            return .object(first)
        }
        if let unwrapped = unwrap(value) { return .object(unwrapped) }
        return .unchecked
    }

    /// The property (or key) `name` of `object`: nil when there is none; `.some(nil)` when it is nil.
    private static func child(_ name: String, of object: Any) -> (value: Any?, Void)? {
        guard let object = unwrap(object) else { return nil }
        if let dictionary = object as? [String: Any] {
            guard let value = dictionary[name] else { return nil }
            return (unwrap(value), ())
        }
        var mirror: Mirror? = Mirror(reflecting: object)
        while let current = mirror {
            if let match = current.children.first(where: { $0.label == name }) { return (unwrap(match.value), ()) }
            mirror = current.superclassMirror
        }
        return nil
    }

    private static func unwrap(_ value: Any) -> Any? {
        let mirror = Mirror(reflecting: value)
        guard mirror.displayStyle == .optional else { return value }
        guard let first = mirror.children.first else { return nil }
        return unwrap(first.value)
    }
}
