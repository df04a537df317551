import Datasets

enum SHA256Text {
    static func hex(_ text: String) -> String { SHA256.hex(Array(text.utf8)) }
}
