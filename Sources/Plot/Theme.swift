// Visual constants in one place. Sizes are in points and tuned for figures
// of roughly 300–800 pt width shown at 100% in a report: tick labels a bit
// smaller than axis labels, a thin light grid behind the data, dark grey
// rather than black ink.

enum Theme {
    static let background = Color.white
    static let text = Color.ink
    static let secondaryText = Color(hex: "595959")

    static let tickFont = Font(size: 9)
    static let labelFont = Font(size: 10)
    static let titleFont = Font(size: 11, bold: true)
    static let suptitleFont = Font(size: 12.5, bold: true)
    static let legendFont = Font(size: 9)
    static let captionFont = Font(size: 8)
    static let annotationFont = Font(size: 10)

    static let spineColor = Color(hex: "4d4d4d")
    static let spineWidth = 0.8
    static let tickLength = 3.5
    static let minorTickLength = 2.0
    static let tickWidth = 0.8
    static let minorTickWidth = 0.6
    /// Gap between a tick mark and its label.
    static let tickPad = 3.0
    /// Gap between tick labels and the axis label.
    static let labelPad = 5.0
    /// Gap between the plot area and its title.
    static let titlePad = 7.0

    static let gridColor = Color(hex: "e5e5e5")
    static let gridWidth = 0.6
    static let minorGridColor = Color(hex: "f2f2f2")
    static let minorGridWidth = 0.5

    static let lineWidth = 1.6
    static let markerSize = 5.0

    /// Outer padding of the whole figure.
    static let figurePad = 8.0
    /// Space between neighbouring subplots, on top of their labels.
    static let panelGap = 14.0

    static let legendPad = 5.0
    static let legendInset = 6.0
    static let legendHandleLength = 20.0
    static let legendHandleGap = 6.0
    static let legendFrame = Color(hex: "cccccc")
    static let legendFill = Color.white.withAlpha(0.88)
}
