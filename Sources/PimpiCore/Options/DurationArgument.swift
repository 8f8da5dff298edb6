/// `--screen` and `--duration`: how long to count, as admins write it for a
/// health check or a batch script: plain seconds (`20`, `2.5`) or with a unit
/// (`20s`, `10m`, `1h`).
enum DurationArgument: ArgumentValue {
    static let acceptedForms = "seconds such as 20 or 2.5, or with a unit: 20s, 10m, 1h (at most 24h)"

    /// A day: longer is a typo, and a node screened or counting that long is
    /// out of service.
    static let longest = 86_400.0

    static func parse(_ text: String) throws(ArgumentValueError) -> Double {
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600]
        var number = Substring(text)
        var scale = 1.0
        if let last = text.last, let unit = units[last] {
            number = number.dropLast()
            scale = unit
        }
        guard let value = plainDecimal(String(number)), value > 0 else { throw refusal() }
        guard value * scale <= longest else { throw refusal("longer than a day") }
        return value * scale
    }
}
