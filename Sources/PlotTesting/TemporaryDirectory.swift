import Foundation

public func temporaryDirectory() throws -> String {
    let dir = (NSTemporaryDirectory() as NSString).appendingPathComponent("plot-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
}
