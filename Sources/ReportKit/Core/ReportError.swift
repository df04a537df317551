import Foundation

/// Errors a user can act on: what went wrong, and where.
public struct ReportError: Error, CustomStringConvertible, Equatable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }

    /// Any error as the one line a user reads: a Foundation file error as
    /// "PATH: reason" (its NSError dump names the path three times over
    /// several lines), everything else by its own description.
    public static func describing(_ error: Error) -> String {
        if let error = error as? ReportError { return error.message }
        let ns = error as NSError
        guard ns.domain == NSCocoaErrorDomain || ns.domain == NSPOSIXErrorDomain else { return oneLine("\(error)") }
        let path = ns.userInfo[NSFilePathErrorKey] as? String ?? (ns.userInfo[NSURLErrorKey] as? URL)?.path
        return oneLine((path.map { "\($0): " } ?? "") + reason(of: error))
    }

    /// Why a Foundation file operation failed, without the path: the POSIX reason when there is one.
    public static func reason(of error: Error) -> String {
        let ns = error as NSError
        let posix = ns.domain == NSPOSIXErrorDomain ? ns : ns.userInfo[NSUnderlyingErrorKey] as? NSError
        let reason = posix.flatMap { $0.domain == NSPOSIXErrorDomain ? String(cString: strerror(Int32($0.code))) : nil }
        return oneLine(reason ?? ns.localizedDescription)
    }

    private static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
    }
}
