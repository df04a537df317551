/// A data set that is not on this machine. Steps that need it are skipped
/// (and the report says why) instead of failing the whole build.
public struct DataUnavailable: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }

    public init(message: String) { self.message = message }
}
