import AtomicWrite
import Foundation

/// Step records on disk: reports/results/<step id>.json, one file per step.
public struct ResultsStore: Sendable {
    public let directory: String

    public init(directory: String) { self.directory = directory }

    public func path(for stepID: String) -> String { "\(directory)/\(stepID).json" }

    public func exists(_ stepID: String) -> Bool {
        FileManager.default.fileExists(atPath: path(for: stepID))
    }

    public func load<S: ReportStep>(_ step: S.Type) throws -> StepRecord<S.Config, S.Output> {
        let file = path(for: S.id)
        guard let data = FileManager.default.contents(atPath: file) else {
            throw ReportError("\(file): no saved result for step \(S.id); run `report build --steps \(S.id)`")
        }
        return try JSONCoding.decode(StepRecord<S.Config, S.Output>.self, from: data, file: file)
    }

    /// The header of a saved record, or nil when there is none; throws when the file is unreadable.
    public func header(_ stepID: String) throws -> StepHeader? {
        let file = path(for: stepID)
        guard let data = FileManager.default.contents(atPath: file) else { return nil }
        return try JSONCoding.decode(HeaderOnly.self, from: data, file: file).header
    }

    public func save<C, O>(_ record: StepRecord<C, O>) throws {
        try AtomicFile.write(JSONCoding.encode(record), to: path(for: record.header.step))
    }

    /// Every saved record as parsed JSON, keyed by step id.
    public func allRecords() throws -> [String: Any] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        var all: [String: Any] = [:]
        for name in names.sorted() where name.hasSuffix(".json") && !name.hasPrefix(".") {
            let file = "\(directory)/\(name)"
            guard let data = FileManager.default.contents(atPath: file),
                  let object = try? JSONSerialization.jsonObject(with: data)
            else { throw ReportError("\(file): not valid JSON") }
            all[String(name.dropLast(5))] = object
        }
        return all
    }
}
