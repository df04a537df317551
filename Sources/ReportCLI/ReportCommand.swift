import ArgumentParser
import Foundation
import ReportKit
import Sections
import Tensor

@main
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Regenerates the IFT6135 assignment 1 report from code: trains, measures, draws, assembles.",
        discussion: "Shell completion: `report --generate-completion-script bash|zsh|fish` (see the README).",
        subcommands: [
            BuildCommand.self, FigureCommand.self, ListCommand.self, DiffCommand.self, BaselineCommand.self,
            ResultsCommand.self, MetricsCommand.self, BenchCommand.self, RunCommand.self, StatusCommand.self,
        ])

    @Flag(help: "Print the version and the commit of the checkout this binary was built in.")
    var version = false

    func run() throws {
        guard version else { throw CleanExit.helpRequest(self) }
        let blas = BLASLibrary.version.split(separator: " ").first.map(String.init) ?? "unknown"
        let kernels = BLASCoreChoice.applyForThisCPU().description
        print(ReportVersion.describe(executable: SlurmBuild.executablePath()) + "; OpenBLAS \(blas) (\(kernels))")
    }

    /// ArgumentParser's own entry point, except that every error of `report diff`,
    /// a bad option included, exits with 2: its 1 means "a metric moved".
    static func main() {
        BLASCoreChoice.applyForThisCPU()
        let arguments = Array(CommandLine.arguments.dropFirst())
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
        } catch {
            if arguments.first == DiffCommand.configuration.commandName, exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}

/// Runs `body`, turning every error into one line on stderr and exit status `failureStatus`.
func runReportingErrors(failureStatus: Int32 = 1, _ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as ExitCode {
        throw error
    } catch {
        FileHandle.standardError.write(Data("error: \(ReportError.describing(error))\n".utf8))
        throw ExitCode(failureStatus)
    }
}

/// One warning line on stderr (stdout stays what a script reads).
func warn(_ message: String) {
    FileHandle.standardError.write(Data("warning: \(message)\n".utf8))
}
