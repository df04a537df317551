import CTurboJPEG

/// JPEG through libjpeg-turbo. Greyscale and YCbCr come out as RGB directly;
/// CMYK/YCCK (Adobe's inverted convention) are converted here, since TurboJPEG
/// does not convert them to RGB itself.
enum JPEGDecoder {
    static func isJPEG(_ bytes: [UInt8]) -> Bool { bytes.count >= 3 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF }

    static func decode(_ bytes: [UInt8], file: String) throws -> RGBImage {
        guard let handle = tjInitDecompress() else {
            throw DatasetError(file: file, problem: "cannot start the JPEG decoder")
        }
        defer { tjDestroy(handle) }
        var width: Int32 = 0, height: Int32 = 0, subsampling: Int32 = 0, colorspace: Int32 = 0
        var input = bytes
        let headerStatus = input.withUnsafeMutableBufferPointer {
            tjDecompressHeader3(handle, $0.baseAddress, UInt($0.count), &width, &height, &subsampling, &colorspace)
        }
        guard headerStatus == 0, width > 0, height > 0 else {
            throw DatasetError(file: file, problem: "not a decodable JPEG (\(errorText(handle)))")
        }
        let cmyk = colorspace == Int32(TJCS_CMYK.rawValue) || colorspace == Int32(TJCS_YCCK.rawValue)
        let channels = cmyk ? 4 : 3
        let format = cmyk ? TJPF_CMYK : TJPF_RGB
        var out = [UInt8](repeating: 0, count: Int(width) * Int(height) * channels)
        let status = input.withUnsafeMutableBufferPointer { source in
            out.withUnsafeMutableBufferPointer { target in
                tjDecompress2(
                    handle, source.baseAddress, UInt(source.count), target.baseAddress,
                    width, 0, height, Int32(format.rawValue), TJFLAG_ACCURATEDCT)
            }
        }
        // A warning (e.g. a few missing bytes at the end) still leaves a usable
        // image in libjpeg-turbo; a truncated file is an error, not a grey half.
        if status != 0 {
            throw DatasetError(file: file, problem: "JPEG data is damaged (\(errorText(handle)))")
        }
        return RGBImage(width: Int(width), height: Int(height), pixels: cmyk ? rgbFromInvertedCMYK(out) : out)
    }

    /// Adobe stores CMYK inverted (0 = full ink), so R = C·K/255 and so on.
    static func rgbFromInvertedCMYK(_ cmyk: [UInt8]) -> [UInt8] {
        var rgb = [UInt8](repeating: 0, count: cmyk.count / 4 * 3)
        for i in 0..<(cmyk.count / 4) {
            let k = UInt16(cmyk[i * 4 + 3])
            for c in 0..<3 { rgb[i * 3 + c] = UInt8((UInt16(cmyk[i * 4 + c]) * k + 127) / 255) }
        }
        return rgb
    }

    private static func errorText(_ handle: tjhandle) -> String {
        guard let text = tjGetErrorStr2(handle) else { return "unknown error" }
        return String(cString: text)
    }
}
