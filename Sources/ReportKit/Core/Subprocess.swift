import Foundation

/// A command's exit status and output: git for provenance, Slurm's commands for the executor.
package enum Subprocess {
    package struct Result {
        package var status: Int32
        package var output: String
        package var errors: String
    }

    /// Runs `command` found on PATH; an error when it cannot be started, or when
    /// the shell reports it missing (`notFound` then says what to check).
    package static func run(_ command: String, _ arguments: [String], notFound: String = "is it installed and on PATH?") throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [command] + arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        do { try process.run() } catch {
            throw ReportError("cannot run \(command): \(error.localizedDescription)")
        }
        let outData = output.fileHandleForReading.readDataToEndOfFile()
        let errData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        if process.terminationStatus == 127 { throw ReportError("\(command) not found: \(notFound)") }
        return Result(status: process.terminationStatus, output: String(decoding: outData, as: UTF8.self),
                      errors: String(decoding: errData, as: UTF8.self))
    }
}
