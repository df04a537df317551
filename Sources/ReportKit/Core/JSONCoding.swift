import Foundation

/// One JSON dialect for every file the project writes: sorted keys (stable
/// diffs and hashes), pretty printed, and non-finite numbers as strings so a
/// diverged run can still be saved.
public enum JSONCoding {
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return encoder
    }

    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return decoder
    }

    public static func encode<T: Encodable>(_ value: T) throws -> Data {
        try encoder().encode(value)
    }

    /// Decodes `data` read from `file`, turning decoding failures into one line naming the file.
    public static func decode<T: Decodable>(_ type: T.Type, from data: Data, file: String) throws -> T {
        do {
            return try decoder().decode(type, from: data)
        } catch let DecodingError.dataCorrupted(context) where !context.codingPath.isEmpty {
            throw ReportError("\(file): invalid value at \(path(context)): \(context.debugDescription)")
        } catch DecodingError.dataCorrupted {
            throw ReportError("\(file): not valid JSON (\(syntaxProblem(data)))")
        } catch let DecodingError.keyNotFound(key, context) {
            throw ReportError("\(file): missing key '\(key.stringValue)' at \(path(context))")
        } catch let DecodingError.typeMismatch(_, context) {
            throw ReportError("\(file): unexpected value at \(path(context)): \(context.debugDescription)")
        } catch let DecodingError.valueNotFound(_, context) {
            throw ReportError("\(file): missing value at \(path(context))")
        }
    }

    private static func path(_ context: DecodingError.Context) -> String {
        let keys = context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }
        return keys.isEmpty ? "top level" : keys.joined(separator: ".")
    }

    /// Where the JSON syntax breaks, e.g. "line 3, column 7: invalid value" or "the file ends early"
    /// (JSONDecoder does not say; JSONSerialization does, by character offset).
    package static func syntaxProblem(_ data: Data) -> String {
        if data.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return "the file is empty" }
        do {
            _ = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
            return "unexpected structure"
        } catch {
            let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"
            if detail.contains("end of file") { return "the file ends early (truncated?)" }
            guard let range = detail.range(of: "around character "),
                  let offset = Int(detail[range.upperBound...].prefix { $0.isNumber }) else { return detail }
            let prefix = data.prefix(offset)
            let line = prefix.filter { $0 == 0x0A }.count + 1
            let column = offset - (prefix.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0) + 1
            let what = detail[..<range.lowerBound].trimmingCharacters(in: .whitespaces).lowercased()
            return "line \(line), column \(column): \(what.isEmpty ? "unexpected character" : what)"
        }
    }
}
