extension UInt8 {
    /// '0' … '9'. Option values are parsed byte by byte, so that only plain
    /// ASCII decimal digits count (not other scripts' digits, not signs).
    var isASCIIDigit: Bool { (UInt8(ascii: "0") ... UInt8(ascii: "9")).contains(self) }
}
