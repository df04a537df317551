import ReportKit
import Foundation
import Learning
import Plot

/// Problem 1's sections: their view models, built from the P1 steps' saved results.
enum P1Sections {
}

/// Problem 1's figures, drawn from the saved results of the P1 steps.
enum P1Figures {
    /// One colour per initialiser, the same in every figure.
    static func color(_ initializer: Initializer) -> Color {
        switch initializer {
        case .zero: Color(hex: "7f7f7f")
        case .normal: Color(hex: "ff7f0e")
        case .glorot: Color(hex: "1f77b4")
        }
    }

    static let markers: [Marker] = [.circle, .square, .triangle, .diamond, .cross, .plus]
}
