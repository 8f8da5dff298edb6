/// Parsing the number of throws from the command line.
///
/// Accepted: a whole number from 1 to 2⁶⁴ − 1 written as digits, optionally
/// grouped with underscores between digits (`1_000_000_000`), or in exact
/// scientific notation (`1e9`, `2.5E10`, `1.5e3`). Rejected: fractions (`1.5`,
/// `1e-3`), values out of range (`0`, `1e30`), signs, hex and anything else.
/// Used for the throw count, `--chunk` and `--max-throws`.
enum ThrowCountArgument: ArgumentValue {
    static let acceptedForms =
        "a whole number from 1 to 18446744073709551615, e.g. 1000000000, 1_000_000_000 or 1e9"

    static func parse(_ text: String) throws(ArgumentValueError) -> UInt64 {
        func fail(_ reason: String) -> ArgumentValueError { refusal(reason) }

        let scalars = Array(text.utf8)
        guard !scalars.isEmpty else { throw fail("it is empty") }

        // Split into mantissa and exponent at the first 'e' or 'E'.
        let exponentMark = scalars.firstIndex { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }
        let mantissa = scalars[..<(exponentMark ?? scalars.endIndex)]
        var exponent = 0
        if let mark = exponentMark {
            let exponentText = scalars[(mark + 1)...]
            guard let value = parseExponent(exponentText) else {
                throw fail("the exponent is not a whole number")
            }
            exponent = value
        }

        // The mantissa: digit groups with optional underscores, optional '.' fraction.
        let point = mantissa.firstIndex(of: UInt8(ascii: "."))
        let integerPart = mantissa[..<(point ?? mantissa.endIndex)]
        let fractionPart = point.map { mantissa[($0 + 1)...] } ?? []
        guard let integerDigits = digitsWithUnderscores(integerPart), !integerDigits.isEmpty else {
            throw fail("it is not a number")
        }
        guard let fractionDigits = digitsWithUnderscores(fractionPart) else {
            throw fail("it is not a number")
        }
        if point != nil, fractionDigits.isEmpty { throw fail("it is not a number") }

        // value = digits × 10^(exponent − fraction length), done exactly.
        var digits = integerDigits + fractionDigits
        var scale = exponent - fractionDigits.count
        while digits.count > 1, digits.first == 0 { digits.removeFirst() }
        if digits.allSatisfy({ $0 == 0 }) { throw fail("it must be at least 1") }
        while scale < 0, digits.last == 0 {
            digits.removeLast()
            scale += 1
        }
        if scale < 0 { throw fail("it is not a whole number") }
        // More than 20 significant digits, or a huge exponent, cannot fit in 64 bits.
        if digits.count + scale > 20 { throw fail("it is larger than 2^64 - 1") }
        var value: UInt64 = 0
        for digit in digits + Array(repeating: 0, count: scale) {
            let (shifted, overflowA) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflowB) = shifted.addingReportingOverflow(UInt64(digit))
            if overflowA || overflowB { throw fail("it is larger than 2^64 - 1") }
            value = sum
        }
        return value
    }

    /// Decimal digits, with single underscores allowed only between digits.
    private static func digitsWithUnderscores(_ text: ArraySlice<UInt8>) -> [UInt8]? {
        var digits: [UInt8] = []
        var previousWasDigit = false
        for (offset, byte) in text.enumerated() {
            switch byte {
            case _ where byte.isASCIIDigit:
                digits.append(byte - UInt8(ascii: "0"))
                previousWasDigit = true
            case UInt8(ascii: "_"):
                let isLast = offset == text.count - 1
                guard previousWasDigit, !isLast else { return nil }
                previousWasDigit = false
            default:
                return nil
            }
        }
        return digits
    }

    /// An exponent with an optional sign; clamped so absurd exponents stay representable.
    private static func parseExponent(_ text: ArraySlice<UInt8>) -> Int? {
        var rest = text
        var negative = false
        if let sign = rest.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
            negative = sign == UInt8(ascii: "-")
            rest = rest.dropFirst()
        }
        guard !rest.isEmpty, rest.allSatisfy(\.isASCIIDigit) else {
            return nil
        }
        var magnitude = 0
        for byte in rest {
            magnitude = min(magnitude * 10 + Int(byte - UInt8(ascii: "0")), 1_000_000)
        }
        return negative ? -magnitude : magnitude
    }
}
