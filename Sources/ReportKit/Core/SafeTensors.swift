import Checksums
import Foundation

/// The safetensors layout, float32 only: an 8-byte little-endian header
/// length N, N bytes of JSON (padded with spaces to a multiple of 8), then
/// the tensors' bytes back to back. The header maps each name to
/// `{"dtype": "F32", "shape": [...], "data_offsets": [begin, end]}` (offsets
/// into the data) and `__metadata__` to a string-to-string map; we add there
/// the SHA-256 of the header's content (in a canonical form) followed by the
/// data, so a flipped byte anywhere in the file is detected.
///
/// Decoding trusts nothing in the file: every length and offset is checked
/// against the file's size with overflow-checked arithmetic before use.
package enum SafeTensors {
    package static let checksumKey = "a1report.sha256"
    /// Header size limit (the reference implementation's is 100 MB).
    package static let maximumHeaderBytes = 100_000_000

    package struct File {
        package var tensors: [NamedTensor]
        package var metadata: [String: String]
    }

    /// A tensor's header entry: name, shape and byte range in the data.
    package struct Entry {
        package var name: String
        package var shape: [Int]
        package var begin: Int
        package var end: Int
    }

    package static func encode(_ tensors: [NamedTensor], metadata: [String: String]) throws -> Data {
        var body = Data()
        var entries: [Entry] = []
        for tensor in tensors {
            let begin = body.count
            tensor.scalars.withUnsafeBufferPointer { body.append(Data(buffer: $0)) }  // little-endian hosts only (x86-64, arm64)
            entries.append(Entry(name: tensor.name, shape: tensor.shape, begin: begin, end: body.count))
        }
        var allMetadata = metadata
        allMetadata[checksumKey] = body.withUnsafeBytes { checksum(header: headerJSON(entries, metadata: metadata), body: $0) }
        var header = Array(headerJSON(entries, metadata: allMetadata).utf8)
        while header.count % 8 != 0 { header.append(0x20) }
        var length = UInt64(header.count).littleEndian
        var data = Data(bytes: &length, count: 8)
        data.append(contentsOf: header)
        data.append(body)
        return data
    }

    package static func decode(_ data: Data, path: String) throws -> File {
        let bytes = [UInt8](data)
        guard bytes.count >= 8 else { throw ReportError("\(path): truncated checkpoint (\(bytes.count) bytes)") }
        let declared = bytes[0..<8].enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * $1.offset) }
        guard declared <= UInt64(min(maximumHeaderBytes, bytes.count - 8)) else {
            throw ReportError("\(path): not a safetensors checkpoint, or truncated (header length \(declared), file \(bytes.count) bytes)")
        }
        let headerEnd = 8 + Int(declared)
        guard let header = try? JSONSerialization.jsonObject(with: Data(bytes[8..<headerEnd])) as? [String: Any] else {
            throw ReportError("\(path): the checkpoint's header is not a JSON object")
        }
        let body = bytes[headerEnd...]
        var metadata = try readMetadata(header, path: path)
        guard let saved = metadata.removeValue(forKey: checksumKey) else { throw ReportError("\(path): the checkpoint has no checksum") }
        let entries = try header.filter { $0.key != "__metadata__" }
            .map { try readEntry(name: $0.key, $0.value, bodyLength: body.count, path: path) }
            .sorted { $0.begin < $1.begin }
        try checkContiguous(entries, bodyLength: body.count, path: path)
        guard body.withUnsafeBytes({ checksum(header: headerJSON(entries, metadata: metadata), body: $0) }) == saved else {
            throw ReportError("\(path): checksum mismatch, the checkpoint is damaged")
        }
        return File(tensors: entries.map { read($0, from: body) }, metadata: metadata)
    }

    /// The header's content in one canonical form: metadata sorted by key, tensors in data order.
    private static func headerJSON(_ entries: [Entry], metadata: [String: String]) -> String {
        let metadataJSON = metadata.sorted { $0.key < $1.key }.map { "\(quoted($0.key)):\(quoted($0.value))" }
        let tensorJSON = entries.map {
            "\(quoted($0.name)):{\"dtype\":\"F32\",\"shape\":[\($0.shape.map(String.init).joined(separator: ","))],\"data_offsets\":[\($0.begin),\($0.end)]}"
        }
        return "{\"__metadata__\":{\(metadataJSON.joined(separator: ","))}" + tensorJSON.map { "," + $0 }.joined() + "}"
    }

    /// Hashes the data in place: a checkpoint is tens of megabytes, read once already.
    private static func checksum(header: String, body: UnsafeRawBufferPointer) -> String {
        var hasher = SHA256Hasher()
        hasher.update(Array(header.utf8))
        hasher.update(body)
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    private static func readMetadata(_ header: [String: Any], path: String) throws -> [String: String] {
        guard let raw = header["__metadata__"] else { return [:] }
        guard let metadata = raw as? [String: String] else {
            throw ReportError("\(path): the checkpoint's __metadata__ is not a map of strings")
        }
        return metadata
    }

    private static func readEntry(name: String, _ value: Any, bodyLength: Int, path: String) throws -> Entry {
        guard let entry = value as? [String: Any], entry["dtype"] as? String == "F32",
              let shape = entry["shape"] as? [Int], let offsets = entry["data_offsets"] as? [Int], offsets.count == 2
        else { throw ReportError("\(path): tensor '\(name)' is not a float32 entry with a shape and two offsets") }
        var bytes = 4
        for dimension in shape {
            let (product, overflow) = bytes.multipliedReportingOverflow(by: dimension)
            guard dimension >= 0, !overflow else { throw ReportError("\(path): tensor '\(name)' has an impossible shape \(shape)") }
            bytes = product
        }
        let (begin, end) = (offsets[0], offsets[1])
        guard begin >= 0, end >= begin, end <= bodyLength, end - begin == bytes else {
            throw ReportError("\(path): tensor '\(name)' has offsets \(offsets) that do not fit its shape \(shape) or the file")
        }
        return Entry(name: name, shape: shape, begin: begin, end: end)
    }

    /// A checked entry's values, copied (not rebound: the data need not be aligned for Float).
    private static func read(_ entry: Entry, from body: ArraySlice<UInt8>) -> NamedTensor {
        let count = (entry.end - entry.begin) / 4
        let scalars = [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            body.withUnsafeBytes { raw in
                UnsafeMutableRawBufferPointer(buffer).copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[entry.begin..<entry.end]))
            }
            initialized = count
        }
        return NamedTensor(name: entry.name, shape: entry.shape, scalars: scalars)
    }

    /// The tensors must tile the data exactly: no gap, no overlap, nothing after.
    private static func checkContiguous(_ entries: [Entry], bodyLength: Int, path: String) throws {
        var position = 0
        for entry in entries {
            guard entry.begin == position else { throw ReportError("\(path): the checkpoint's tensors overlap or leave a gap at byte \(position)") }
            position = entry.end
        }
        guard position == bodyLength else { throw ReportError("\(path): the checkpoint has \(bodyLength - position) unexpected trailing bytes") }
    }

    private static func quoted(_ text: String) -> String {
        String(decoding: try! JSONEncoder().encode(text), as: UTF8.self)
    }
}
