@testable import Tensor
import XCTest

/// Where the convolutions' scratch memory starts: on cache lines, so that
/// their vector stores never straddle two (see `ScratchBuffer.alignment`).
final class ScratchLayoutTests: XCTestCase {
    func testScratchBuffersStartOnACacheLineAsTheyGrow() {
        let floats = ScratchBuffer<Float>(), doubles = ScratchBuffer<Double>()
        for count in [1, 3, 17, 4_099, 300_007, 5_000_011] {
            XCTAssertEqual(Int(bitPattern: floats.pointer(count: count)) % 64, 0, "\(count) floats")
            XCTAssertEqual(Int(bitPattern: doubles.pointer(count: count)) % 64, 0, "\(count) doubles")
        }
        floats.release()
        XCTAssertEqual(Int(bitPattern: floats.pointer(count: 5)) % 64, 0)
    }

    func testEveryComponentAndTheTemporariesStartOnACacheLine() {
        for matrix in [1, 15, 16, 17, 49 * 32, 256 * 16] {
            let stride = WinogradConvolution.componentStride(matrix)
            XCTAssertEqual(stride % 16, 0, "matrix \(matrix)")
            XCTAssertGreaterThanOrEqual(stride, matrix + 16, "matrix \(matrix)")
        }
        for side in [5, 8, 14, 28, 64] {
            for variant in WinogradVariant.allCases {
                let g = geometry(side: side, channels: 3)
                let padded = WinogradConvolution.paddedPlane(g, variant)
                let offset = WinogradConvolution.temporariesOffset(g, variant)
                XCTAssertEqual(offset % 16, 0, "side \(side) \(variant)")
                XCTAssertGreaterThanOrEqual(offset, padded.height * padded.width + 8, "side \(side) \(variant)")
            }
        }
    }

    /// Each group of a transformed-input cache fits before the next group's
    /// offset, whatever the group size, now that groups are rounded up.
    func testTransformedInputCacheGroupsDoNotOverlap() {
        for (side, channels) in [(28, 3), (14, 5), (8, 7), (64, 16)] {
            for variant in WinogradVariant.allCases {
                let g = geometry(side: side, channels: channels)
                let t = WinogradConvolution.tiles(g, variant)
                for start in [0, 1, 5] {
                    for count in [1, 2, 3, 10] {
                        let room = WinogradConvolution.transformedInputOffset(g, variant, sample: start + count)
                            - WinogradConvolution.transformedInputOffset(g, variant, sample: start)
                        let needed = variant.components
                            * WinogradConvolution.componentStride(channels * count * t.rows * t.columns)
                        XCTAssertGreaterThanOrEqual(room, needed, "side \(side) cin \(channels) \(variant) \(start)+\(count)")
                    }
                }
            }
        }
    }

    private func geometry(side: Int, channels: Int) -> ConvolutionGeometry {
        ConvolutionGeometry(
            inputChannels: channels, outputChannels: 4, inputHeight: side, inputWidth: side, kernelHeight: 3,
            kernelWidth: 3, strideY: 1, strideX: 1, paddingY: 1, paddingX: 1)
    }
}
