import XCTest
@testable import Plot

final class ColorMapTests: XCTestCase {
    func testColorMapEndpointsAndCentre() {
        XCTAssertEqual(ColorMap.viridis.color(at: 0).hexString, "440154")
        XCTAssertEqual(ColorMap.viridis.color(at: 1).hexString, "fde725")
        XCTAssertEqual(ColorMap.viridis.color(at: 0.5).hexString, "21918c")
        XCTAssertEqual(ColorMap.gray.color(at: 0.5).hexString, "808080")
        XCTAssertEqual(ColorMap.diverging.color(at: 0.5).hexString, "f7f7f7", "zero is neutral")
        XCTAssertEqual(ColorMap.viridis.color(at: -3), ColorMap.viridis.color(at: 0), "clamped")
        XCTAssertEqual(ColorMap.viridis.color(at: .nan), ColorMap.viridis.badColor)
    }

    func testDivergingRangeIsSymmetricAboutZero() {
        let fig = Figure()
        let g = fig.matrixGrid([Matrix([[-0.2, 0.5], [0.1, 0]])], columns: 1, colorMap: .diverging)
        XCTAssertEqual(g.range, -0.5...0.5)
        let v = fig.matrixGrid([Matrix([[1, 3]])], columns: 1, colorMap: .viridis, row: 1)
        XCTAssertEqual(v.range, 1...3)
    }

    func testMatrixImageUsesSharedRange() {
        let img = Matrix([[0, 5, 10, .nan]]).image(colorMap: .gray, range: 0...10)
        XCTAssertEqual(img.pixel(x: 0, y: 0).hexString, "000000")
        XCTAssertEqual(img.pixel(x: 1, y: 0).hexString, "808080")
        XCTAssertEqual(img.pixel(x: 2, y: 0).hexString, "ffffff")
        XCTAssertEqual(img.pixel(x: 3, y: 0).hexString, ColorMap.gray.badColor.hexString)
    }

    func testRGBKernelsAreMinMaxNormalisedPerKernel() {
        // Kernel 1 spans −2…2 over its channels; kernel 2 is constant.
        var k1 = [Double](repeating: 0, count: 27)
        k1[0] = -2  // red, top-left
        k1[9 + 4] = 2  // green, centre
        let k2 = [Double](repeating: 0.3, count: 27)
        let images = KernelImages.rgb([k1, k2], height: 3, width: 3)
        XCTAssertEqual(images[0].pixel(x: 0, y: 0).hexString, "008080", "min → 0 in red, other channels at 0 → mid")
        XCTAssertEqual(images[0].pixel(x: 1, y: 1).hexString, "80ff80", "max → 255 in green")
        XCTAssertEqual(images[1].pixel(x: 2, y: 2).hexString, "808080", "constant kernel is mid-grey")
    }
}
