import Foundation

/// Runs the numpy/PyTorch anchor script in the same session, so ratios compare
/// like with like on a shared, noisy machine.
public enum AnchorRunner {
    /// Returns name → seconds per epoch as the script printed them. Every anchor
    /// runs with OPENBLAS_NUM_THREADS=1, as the anchors' README prescribes
    /// (PyTorch runs its own two intra-op threads; numpy's BLAS then uses one).
    public static func run(script: String, mnist: String, which: [String], environment extra: [String: String] = [:]) throws -> [String: Double] {
        guard FileManager.default.fileExists(atPath: script) else {
            throw AnchorError("\(script): anchor script not found")
        }
        var timings: [String: Double] = [:]
        for name in which {
            var environment = ProcessInfo.processInfo.environment
            environment["OPENBLAS_NUM_THREADS"] = "1"
            environment.merge(extra) { _, new in new }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
            process.arguments = [script, mnist, name]
            process.environment = environment
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                throw AnchorError("\(script) \(name): exited with status \(process.terminationStatus)")
            }
            for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
                let parts = line.split(separator: " ")
                if parts.count == 2, let seconds = Double(parts[1]) { timings[String(parts[0])] = seconds }
            }
        }
        return timings
    }
}

/// Why the anchors could not be timed, as the one line a user reads.
public struct AnchorError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
