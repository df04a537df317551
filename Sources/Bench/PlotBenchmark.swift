import Foundation
import Plot

/// Timing of a typical figure, for the CLI's benchmark command.
public enum PlotBenchmark {
    /// Mean wall-clock milliseconds to build a three-series line figure
    /// (460×300 pt, legend, markers) and encode it as a 2x PNG, over `repeats`
    /// runs after one warm-up run (which fills the font and glyph caches).
    public static func lineFigurePNGMilliseconds(repeats: Int) -> Double {
        _ = try? Gallery.lossByInitialisation().pngData(scale: 2)
        let n = max(1, repeats)
        let start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<n { _ = try? Gallery.lossByInitialisation().pngData(scale: 2) }
        let elapsed = DispatchTime.now().uptimeNanoseconds - start
        return Double(elapsed) / Double(n) / 1e6
    }
}
