import Crypto
import Foundation

/// SHA-256 for data fingerprints, cache keys and checkpoint checksums, through
/// swift-crypto (BoringSSL's implementation on Linux, CryptoKit's on Apple
/// systems). These names keep the hex strings the project has always written,
/// so saved results, fingerprints and checkpoints still match.
public enum SHA256 {
    /// Lower-case hex digest of `bytes`.
    public static func hex(_ bytes: [UInt8]) -> String { hexString(digest(bytes)) }

    public static func hex(_ data: Data) -> String { hexString(digest(data)) }

    /// Hex digest of the UTF-8 bytes of `text` (cache keys, manifests).
    public static func hex(_ text: String) -> String { hex(Array(text.utf8)) }

    public static func digest(_ bytes: [UInt8]) -> [UInt8] { Array(Crypto.SHA256.hash(data: bytes)) }

    public static func digest(_ data: Data) -> [UInt8] { Array(Crypto.SHA256.hash(data: data)) }

    static func hexString(_ digest: [UInt8]) -> String {
        let digits = Array("0123456789abcdef")
        return String(digest.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 15)]] })
    }
}

/// Incremental SHA-256: feed bytes in any pieces, then `finalize()`. Not
/// Sendable: swift-crypto's state does not say it is (a hasher is used where it is made).
public struct SHA256Hasher {
    private var state = Crypto.SHA256()

    public init() {}

    public mutating func update(_ bytes: [UInt8]) { state.update(data: bytes) }

    public mutating func update(_ data: Data) { state.update(data: data) }

    public mutating func update(_ buffer: UnsafeRawBufferPointer) { state.update(bufferPointer: buffer) }

    /// The digest of everything fed so far; the hasher can go on being fed.
    public func finalize() -> [UInt8] {
        let copy = state
        return Array(copy.finalize())
    }

    public func hex() -> String { SHA256.hexString(finalize()) }
}
