/// How numbers and counts read in pimpi's text: the one copy every folder uses.
enum TextLayout {
    /// 10000000000 → "10,000,000,000".
    static func grouped(_ value: UInt64) -> String {
        let digits = Array(String(value))
        var out = ""
        for (offset, digit) in digits.enumerated() {
            if offset > 0, (digits.count - offset) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return out
    }

    /// "1 rank", "2 ranks".
    static func plural(_ count: Int, _ noun: String) -> String {
        "\(count) \(noun)\(count == 1 ? "" : "s")"
    }

    /// Numbers the way Linux writes CPU lists: "0-3,8" (runs joined by a dash).
    static func ranges<S: Sequence<Int>>(_ numbers: S) -> String {
        let sorted = Array(Set(numbers)).sorted()
        var parts: [String] = []
        var index = 0
        while index < sorted.count {
            var end = index
            while end + 1 < sorted.count, sorted[end + 1] == sorted[end] + 1 { end += 1 }
            parts.append(end == index ? "\(sorted[index])" : "\(sorted[index])-\(sorted[end])")
            index = end + 1
        }
        return parts.joined(separator: ",")
    }

    /// `ranges` cut to about 40 characters, for a line that must not grow with
    /// the rank count: "1,4,7,10-12,...".
    static func shortRanges<S: Sequence<Int>>(_ numbers: S) -> String {
        let full = ranges(numbers)
        guard full.count > 40 else { return full }
        let cut = full.prefix(40)
        return String(cut[..<(cut.lastIndex(of: ",") ?? cut.endIndex)]) + ",..."
    }

    /// Up to three names, then how many in all: "n1, n2, n3, ... (100 hosts)".
    static func shortNames(_ names: [String], noun: String) -> String {
        names.count <= 3 ? names.joined(separator: ", ")
            : names.prefix(3).joined(separator: ", ") + ", ... (\(names.count) \(noun)s)"
    }
}
