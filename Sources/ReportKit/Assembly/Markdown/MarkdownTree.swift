import CMarkGFM
import Foundation

/// A Markdown document parsed by cmark-gfm, GitHub's own CommonMark engine,
/// with the extensions GitHub turns on for `.md` files (tables, autolinks,
/// strikethrough, the tag filter). report.md on GitHub and index.html here
/// therefore come from the same parser, emphasis rules and all.
///
/// The tree owns its nodes: a `MarkdownNode` is valid while its tree lives.
/// Raw HTML in the Markdown is left out of the page (cmark's safe default);
/// the HTML that the page needs is added as custom nodes, which are not.
package final class MarkdownTree {
    package static let extensionNames = ["table", "autolink", "strikethrough", "tagfilter"]

    private let parser: OpaquePointer
    package let root: MarkdownNode

    package init(_ markdown: String) {
        _ = Self.extensionsRegistered
        let parser = cmark_parser_new(CMARK_OPT_DEFAULT)!
        for name in Self.extensionNames {
            // Present in every libcmark-gfm-extensions; a missing one is a broken install.
            guard let syntax = cmark_find_syntax_extension(name) else { fatalError("cmark-gfm has no '\(name)' extension") }
            cmark_parser_attach_syntax_extension(parser, syntax)
        }
        var bytes = Array(markdown.utf8)
        bytes.withUnsafeMutableBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { cmark_parser_feed(parser, $0.baseAddress, $0.count) }
        }
        self.parser = parser
        root = MarkdownNode(cmark_parser_finish(parser)!)
        // Adjacent text nodes (cmark splits at characters that might open
        // emphasis or links) become one, so a phrase is found in one piece.
        cmark_consolidate_text_nodes(root.pointer)
    }

    deinit {
        cmark_node_free(root.pointer)
        cmark_parser_free(parser)
    }

    /// The extensions live in a global registry that must be filled once.
    private static let extensionsRegistered: Void = cmark_gfm_core_extensions_ensure_registered()

    /// The whole document as HTML, tables rendered by their extension.
    package func html() -> String {
        let rendered = cmark_render_html(root.pointer, CMARK_OPT_DEFAULT, cmark_parser_get_syntax_extensions(parser))!
        defer { free(rendered) }
        return String(cString: rendered)
    }
}

/// One node of a `MarkdownTree` (a non-owning handle).
package struct MarkdownNode: Hashable {
    package let pointer: OpaquePointer

    package init(_ pointer: OpaquePointer) { self.pointer = pointer }

    package init?(_ pointer: OpaquePointer?) {
        guard let pointer else { return nil }
        self.pointer = pointer
    }

    package var type: cmark_node_type { cmark_node_get_type(pointer) }
    /// Extension nodes share one C type per extension; their name tells them apart ("table").
    package var typeName: String { String(cString: cmark_node_get_type_string(pointer)) }
    package var isTable: Bool { typeName == "table" }

    package var parent: MarkdownNode? { MarkdownNode(cmark_node_parent(pointer)) }
    package var previous: MarkdownNode? { MarkdownNode(cmark_node_previous(pointer)) }
    package var next: MarkdownNode? { MarkdownNode(cmark_node_next(pointer)) }

    /// The children as they are now; the caller may move or unlink them while walking the list.
    package var children: [MarkdownNode] {
        var out: [MarkdownNode] = []
        var child = MarkdownNode(cmark_node_first_child(pointer))
        while let current = child {
            out.append(current)
            child = current.next
        }
        return out
    }

    /// Every node below this one, in document order.
    package var descendants: [MarkdownNode] { children.flatMap { [$0] + $0.descendants } }

    package var literal: String? {
        get { cmark_node_get_literal(pointer).map { String(cString: $0) } }
        nonmutating set { cmark_node_set_literal(pointer, newValue) }
    }

    package var url: String? { cmark_node_get_url(pointer).map { String(cString: $0) } }
    package var headingLevel: Int { Int(cmark_node_get_heading_level(pointer)) }
    /// 1-based line of the Markdown source where this block ends.
    package var endLine: Int { Int(cmark_node_get_end_line(pointer)) }

    /// 1-based line of a table's header row. Not its start line: when a
    /// table interrupts a paragraph, cmark-gfm gives it the paragraph's start.
    /// Each row is one line, plus the delimiter row under the header.
    package var headerLine: Int { endLine - children.count }

    /// The text a reader sees: text and code literals, line breaks as spaces.
    package var plainText: String {
        switch type {
        case CMARK_NODE_TEXT, CMARK_NODE_CODE: return literal ?? ""
        case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK: return " "
        default: return children.map(\.plainText).joined()
        }
    }

    package func insertBefore(_ node: MarkdownNode) { check(cmark_node_insert_before(pointer, node.pointer), "insert before") }
    package func append(_ child: MarkdownNode) { check(cmark_node_append_child(pointer, child.pointer), "append") }

    /// Takes the node out of the tree and frees it with everything still below it.
    package func remove() {
        cmark_node_unlink(pointer)
        cmark_node_free(pointer)
    }

    /// Puts `replacement` where this node is, and frees this one.
    package func replace(with replacement: MarkdownNode) {
        insertBefore(replacement)
        remove()
    }

    /// cmark refuses a child its parent cannot hold (a block inside a
    /// paragraph); the conversion never builds one, so a refusal is a bug here.
    private func check(_ status: Int32, _ operation: String) {
        precondition(status == 1, "cmark refused to \(operation) a \(typeName) node")
    }
}

extension MarkdownNode {
    /// A new node, not yet in a tree (cmark aborts when memory runs out, so it never returns nil).
    private static func make(_ type: cmark_node_type) -> MarkdownNode { MarkdownNode(cmark_node_new(type)!) }

    package static func text(_ literal: String) -> MarkdownNode {
        let node = make(CMARK_NODE_TEXT)
        node.literal = literal
        return node
    }

    package static func link(to url: String, text: String) -> MarkdownNode {
        let node = make(CMARK_NODE_LINK)
        cmark_node_set_url(node.pointer, url)
        node.append(.text(text))
        return node
    }

    /// A block written as the given HTML around its children (which may be inline).
    package static func customBlock(enter: String, exit: String = "") -> MarkdownNode {
        let node = make(CMARK_NODE_CUSTOM_BLOCK)
        cmark_node_set_on_enter(node.pointer, enter)
        cmark_node_set_on_exit(node.pointer, exit)
        return node
    }

    /// Moves every child of `source` to the end of this node.
    package func adoptChildren(of source: MarkdownNode) {
        for child in source.children { append(child) }
    }
}

/// Escaping for text placed in HTML written by hand (attributes and text).
package enum HTMLText {
    package static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(character)
            }
        }
        return out
    }
}
