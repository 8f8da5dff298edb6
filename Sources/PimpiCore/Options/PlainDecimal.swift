/// A finite decimal number as people type it: digits, a point, an exponent.
/// `Double(_:)` alone also takes "inf", "nan" and hexadecimal forms.
func plainDecimal(_ text: String) -> Double? {
    let allowed = Set("0123456789.eE+-".utf8)
    guard !text.isEmpty, text.utf8.allSatisfy(allowed.contains), let value = Double(text), value.isFinite
    else { return nil }
    return value
}
