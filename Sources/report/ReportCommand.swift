import ArgumentParser
import Foundation
import Report

@main
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Regenerates the IFT6135 assignment 1 report from code: trains, measures, draws, assembles.",
        subcommands: [
            BuildCommand.self, FigureCommand.self, ListCommand.self, DiffCommand.self, BaselineCommand.self,
            ResultsCommand.self, BenchCommand.self, RunCommand.self, StatusCommand.self,
        ])
}

/// Runs `body`, turning project errors into one line on stderr and exit status 1.
func runReportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as ReportError {
        FileHandle.standardError.write(Data("error: \(error.message)\n".utf8))
        throw ExitCode(1)
    } catch let error as ExitCode {
        throw error
    } catch {
        FileHandle.standardError.write(Data("error: \(error)\n".utf8))
        throw ExitCode(1)
    }
}
