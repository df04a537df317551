import CZlib

/// gzip (RFC 1952) through zlib, for the compressed data files.
enum Gzip {
    /// The two bytes every gzip member starts with.
    static let magic: [UInt8] = [0x1f, 0x8b]

    static func isGzip(_ data: [UInt8]) -> Bool { data.starts(with: magic) }

    /// The most any data file read here may decompress to: 1 GiB, 4.9 times
    /// the MNIST pickle (220 MB; a float64 copy would be about twice that) and
    /// 20 times Fashion-MNIST's largest file. A 13 MB gzip bomb took 2.9 GB
    /// before this limit.
    static let defaultLimit = 1 << 30

    /// The concatenated contents of all gzip members in `data`.
    ///
    /// `file` only labels errors. Truncated, corrupt or non-gzip input throws
    /// rather than returning a prefix, so a bad download can never pass as a
    /// smaller dataset. Output beyond `limit` bytes is refused as it is
    /// produced, so a gzip bomb costs at most the limit in memory.
    static func decompress(_ data: [UInt8], file: String, limit: Int = defaultLimit) throws -> [UInt8] {
        guard isGzip(data) else {
            let start = data.prefix(2).map { hexByte($0) }.joined(separator: " ")
            throw DatasetError(file: file, problem: "not a gzip file (starts with bytes \(start.isEmpty ? "none" : start), expected 1f 8b)")
        }
        guard data.count <= Int(UInt32.max) else {
            throw DatasetError(file: file, problem: "gzip file larger than 4 GiB is not supported")
        }
        let inflater = try Inflater(file: file, limit: limit)
        return try data.withUnsafeBufferPointer { input in
            inflater.setInput(input)
            return try inflater.inflateAll(capacityHint: min(initialCapacity(data), limit))
        }
    }

    /// A first output size: the trailer's ISIZE (uncompressed size mod 2^32 of
    /// the last member) when plausible, so the usual single-member file is
    /// inflated into one allocation of exactly the right size.
    static func initialCapacity(_ data: [UInt8]) -> Int {
        let fallback = max(data.count * 4, 1 << 16)
        guard data.count >= 18 else { return fallback }
        let n = data.count
        let isize = Int(data[n - 4]) | Int(data[n - 3]) << 8 | Int(data[n - 2]) << 16 | Int(data[n - 1]) << 24
        // Deflate cannot expand more than ~1032:1; a larger claim is garbage.
        guard isize > 0, isize <= data.count * 1032 else { return fallback }
        return isize
    }

    /// gzip-compresses `data` as one member. Used to build test fixtures and
    /// to write compressed caches.
    static func compress(_ data: [UInt8], level: Int32 = Z_DEFAULT_COMPRESSION) -> [UInt8] {
        // zlib checks that the stream never moves, so it lives on the heap.
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        defer { stream.deallocate() }
        // 15 + 16: a full window, written with a gzip header and trailer.
        let status = deflateInit2_(
            stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY,
            zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        precondition(status == Z_OK, "deflateInit2 failed with \(status)")
        defer { deflateEnd(stream) }
        let bound = Int(deflateBound(stream, uLong(data.count))) + 32
        var input = data
        return input.withUnsafeMutableBufferPointer { source in
            [UInt8](unsafeUninitializedCapacity: bound) { out, written in
                stream.pointee.next_in = source.baseAddress
                stream.pointee.avail_in = uInt(source.count)
                stream.pointee.next_out = out.baseAddress
                stream.pointee.avail_out = uInt(out.count)
                let result = deflate(stream, Z_FINISH)
                precondition(result == Z_STREAM_END, "deflate with a deflateBound buffer returned \(result)")
                written = out.count - Int(stream.pointee.avail_out)
            }
        }
    }

    /// "1 GiB", "512 MiB", or bytes when not a whole number of either.
    static func sizeDescription(_ bytes: Int) -> String {
        if bytes >= 1 << 30, bytes % (1 << 30) == 0 { return "\(bytes >> 30) GiB" }
        if bytes >= 1 << 20, bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB" }
        return "\(bytes) bytes"
    }

    static func hexByte(_ byte: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 15)]])
    }
}

/// One zlib inflate stream over an input buffer that is handed over whole.
/// A class, because zlib checks that its `z_stream` never moves.
private final class Inflater {
    let zstream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
    let file: String
    /// Output bytes allowed in all.
    let limit: Int
    var inputCount = 0

    init(file: String, limit: Int) throws {
        self.file = file
        self.limit = limit
        zstream.initialize(to: z_stream())
        // 15 + 32: a full window, and a gzip (or zlib) header detected automatically.
        let status = inflateInit2_(zstream, 15 + 32, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else {
            zstream.deallocate()
            throw DatasetError(file: file, problem: "zlib inflateInit2 failed (code \(status))")
        }
    }

    deinit {
        inflateEnd(zstream)
        zstream.deallocate()
    }

    var stream: z_stream {
        get { zstream.pointee }
        _modify { yield &zstream.pointee }
    }

    func setInput(_ input: UnsafeBufferPointer<UInt8>) {
        stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
        stream.avail_in = uInt(input.count)
        inputCount = input.count
    }

    /// Inflates everything into chunks that grow geometrically; the chunks are
    /// joined only if the first guess was too small.
    func inflateAll(capacityHint: Int) throws -> [UInt8] {
        var chunks: [[UInt8]] = []
        var produced = 0
        var finished = false
        while !finished {
            // One byte past the limit: output that fills it tells a file of
            // exactly `limit` bytes from a larger one.
            let allowed = limit - produced + 1
            let capacity = min(chunks.isEmpty ? capacityHint : max(produced, 1 << 16), Int(UInt32.max), allowed)
            let chunk = try [UInt8](unsafeUninitializedCapacity: capacity) { out, written in
                stream.next_out = out.baseAddress
                stream.avail_out = uInt(capacity)
                finished = try inflateIntoOutput()
                written = capacity - Int(stream.avail_out)
            }
            produced += chunk.count
            if !chunk.isEmpty { chunks.append(chunk) }
            guard produced <= limit else { throw tooLarge() }
        }
        if chunks.count <= 1 { return chunks.first ?? [] }
        return Array(chunks.joined())
    }

    /// Runs inflate until the output space is full (returns false) or the
    /// last member has ended (returns true).
    func inflateIntoOutput() throws -> Bool {
        while true {
            let status = inflate(zstream, Z_NO_FLUSH)
            switch status {
            case Z_STREAM_END:
                if try !startNextMember() { return true }
            case Z_OK, Z_BUF_ERROR:
                if stream.avail_out == 0 { return false }
                // All input was supplied up front, so stalling with output
                // space left means the stream stops early.
                if stream.avail_in == 0 { throw truncated() }
            case Z_DATA_ERROR, Z_NEED_DICT:
                let reason = stream.msg.map { String(cString: $0) } ?? "invalid deflate data"
                throw DatasetError(file: file, problem: "corrupt gzip data near byte \(position) (\(reason))")
            case Z_MEM_ERROR:
                throw DatasetError(file: file, problem: "out of memory while decompressing")
            default:
                throw DatasetError(file: file, problem: "zlib inflate failed with code \(status) near byte \(position)")
            }
        }
    }

    /// After a member ends: more members follow (gzip allows concatenation,
    /// e.g. from `cat a.gz b.gz`), or zero padding, or nothing.
    func startNextMember() throws -> Bool {
        let remaining = Int(stream.avail_in)
        if remaining == 0 { return false }
        let rest = UnsafeBufferPointer(start: stream.next_in, count: remaining)
        if rest.allSatisfy({ $0 == 0 }) { return false }  // tape-style padding, as gzip(1) accepts
        guard remaining >= 2, rest[0] == Gzip.magic[0], rest[1] == Gzip.magic[1] else {
            throw DatasetError(file: file, problem: "unexpected data after the end of the gzip stream at byte \(position)")
        }
        inflateReset(zstream)
        return true
    }

    var position: Int { inputCount - Int(stream.avail_in) }

    func tooLarge() -> DatasetError {
        DatasetError(
            file: file,
            problem: "decompresses to more than \(Gzip.sizeDescription(limit)), more than any data set read here (the MNIST pickle is 220 MB); a damaged file or a gzip bomb")
    }

    func truncated() -> DatasetError {
        DatasetError(file: file, problem: "truncated gzip stream (expected more data after byte \(inputCount))")
    }
}
