import CCrypto
import Foundation

/// SHA-256 for data fingerprints, cache keys and checkpoint checksums, through
/// OpenSSL's libcrypto (a system library, like libpng and zlib, so a fresh
/// clone compiles no cryptography of its own: swift-crypto's BoringSSL was
/// a third of a clean release build, for the one hash this project uses).
/// These names keep the hex strings the project has always written, so saved
/// results, fingerprints and checkpoints still match.
public enum SHA256 {
    /// Lower-case hex digest of `bytes`.
    public static func hex(_ bytes: [UInt8]) -> String { hexString(digest(bytes)) }

    public static func hex(_ data: Data) -> String { hexString(digest(data)) }

    /// Hex digest of the UTF-8 bytes of `text` (cache keys, manifests).
    public static func hex(_ text: String) -> String { hex(Array(text.utf8)) }

    public static func digest(_ bytes: [UInt8]) -> [UInt8] { bytes.withUnsafeBytes(digest) }

    public static func digest(_ data: Data) -> [UInt8] { data.withUnsafeBytes(digest) }

    static func digest(_ buffer: UnsafeRawBufferPointer) -> [UInt8] {
        var hasher = SHA256Hasher()
        hasher.update(buffer)
        return hasher.finalize()
    }

    static func hexString(_ digest: [UInt8]) -> String {
        let digits = Array("0123456789abcdef")
        return String(digest.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 15)]] })
    }
}

/// Incremental SHA-256: feed bytes in any pieces, then `finalize()`. A value:
/// a copy of a hasher goes on independently of the original.
public struct SHA256Hasher {
    /// An EVP digest context, copied when a shared hasher is fed (so that
    /// `var b = a; b.update(…)` leaves `a` as it was).
    private final class Context {
        let pointer: OpaquePointer

        init() {
            pointer = Context.allocate()
            Context.check(EVP_DigestInit_ex(pointer, EVP_sha256(), nil), "EVP_DigestInit_ex")
        }

        init(copying other: Context) {
            pointer = Context.allocate()
            Context.check(EVP_MD_CTX_copy_ex(pointer, other.pointer), "EVP_MD_CTX_copy_ex")
        }

        deinit { EVP_MD_CTX_free(pointer) }

        private static func allocate() -> OpaquePointer {
            guard let context = EVP_MD_CTX_new() else { fatalError("libcrypto could not allocate a digest context") }
            return context
        }

        /// EVP calls fail only when memory runs out or the library is broken;
        /// a checksum that silently went on would be worse than stopping.
        static func check(_ status: Int32, _ call: String) {
            precondition(status == 1, "libcrypto: \(call) failed")
        }
    }

    private var context = Context()

    public init() {}

    public mutating func update(_ bytes: [UInt8]) { bytes.withUnsafeBytes { update($0) } }

    public mutating func update(_ data: Data) { data.withUnsafeBytes { update($0) } }

    public mutating func update(_ buffer: UnsafeRawBufferPointer) {
        if !isKnownUniquelyReferenced(&context) { context = Context(copying: context) }
        guard buffer.count > 0, let base = buffer.baseAddress else { return }
        Context.check(EVP_DigestUpdate(context.pointer, base, buffer.count), "EVP_DigestUpdate")
    }

    /// The digest of everything fed so far; the hasher can go on being fed.
    public func finalize() -> [UInt8] {
        let finished = Context(copying: context)
        var digest = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        Context.check(EVP_DigestFinal_ex(finished.pointer, &digest, &length), "EVP_DigestFinal_ex")
        precondition(length == 32, "libcrypto: a SHA-256 digest of \(length) bytes")
        return digest
    }

    public func hex() -> String { SHA256.hexString(finalize()) }
}
