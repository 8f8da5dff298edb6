/// Host names as Slurm writes a list of them: "n[03,17-18],login1", the form
/// `scontrol update NodeName=...` takes and `scontrol show hostlistsorted`
/// prints. As Slurm does, a name's number is its last run of digits, kept at
/// its width where it is zero-padded ("n03"); names are sorted by the text
/// before the number (bytewise), a name without a number first, then by
/// number; names that share the text before the number go in one pair of
/// brackets, and runs of consecutive numbers of one width become ranges.
/// Padded numbers group by width after the unpadded ones ("n[1-2,01,001]"),
/// and an unpadded number with as many digits as a padded width of its
/// prefix joins that width ("n[099-101]", "n[9,09-10,010]"), as Slurm's sort
/// joins them. Checked against `scontrol show hostlistsorted` by the tests.
enum Hostlist {
    private struct Name {
        var prefix: [UInt8]
        /// The number and the digits it was written with; nil where the name ends in none.
        var number: UInt64?
        var width: Int
        /// Written with leading zeros.
        var padded: Bool { number.map { String($0).count < width } ?? false }
        var text: String
        /// The width it is sorted and joined at: its own where padded; for an
        /// unpadded number, the widest padded width of its prefix that its
        /// digits fill, else 0.
        var widthClass = 0
    }

    /// The names, each once, sorted and compressed.
    static func compressed(_ hosts: some Sequence<String>) -> String {
        var seen = Set<String>()
        var names = hosts.filter { seen.insert($0).inserted }.map(parse)
        var paddedWidths: [[UInt8]: Set<Int>] = [:]
        for name in names where name.padded { paddedWidths[name.prefix, default: []].insert(name.width) }
        for index in names.indices where names[index].number != nil {
            let name = names[index]
            names[index].widthClass = name.padded ? name.width
                : paddedWidths[name.prefix]?.filter { $0 <= name.width }.max() ?? 0
        }
        names.sort(by: precedes)
        var parts: [String] = []
        var index = 0
        while index < names.count {
            let first = names[index]
            guard first.number != nil else { parts.append(first.text); index += 1; continue }
            var end = index
            while end + 1 < names.count, names[end + 1].number != nil, names[end + 1].prefix == first.prefix { end += 1 }
            let ranges = Self.ranges(names[index ... end])
            let prefix = String(decoding: first.prefix, as: UTF8.self)
            parts.append(end == index ? first.text : "\(prefix)[\(ranges.joined(separator: ","))]")
            index = end + 1
        }
        return parts.joined(separator: ",")
    }

    private static func parse(_ host: String) -> Name {
        let bytes = Array(host.utf8)
        var start = bytes.count
        while start > 0, (UInt8(ascii: "0") ... UInt8(ascii: "9")).contains(bytes[start - 1]) { start -= 1 }
        let digits = bytes[start...]
        // Slurm takes no number of more than 18 digits (it would overflow).
        guard !digits.isEmpty, digits.count <= 18, let number = UInt64(String(decoding: digits, as: UTF8.self)) else {
            return Name(prefix: bytes, number: nil, width: 0, text: host)
        }
        return Name(prefix: Array(bytes[..<start]), number: number, width: digits.count, text: host)
    }

    private static func precedes(_ a: Name, _ b: Name) -> Bool {
        if a.prefix != b.prefix { return a.prefix.lexicographicallyPrecedes(b.prefix) }
        if (a.number == nil) != (b.number == nil) { return a.number == nil }
        guard let x = a.number, let y = b.number else { return false }
        return a.widthClass != b.widthClass ? a.widthClass < b.widthClass : x < y
    }

    /// Consecutive numbers of one width as "03-05", others alone.
    private static func ranges(_ names: ArraySlice<Name>) -> [String] {
        var result: [String] = []
        var start = names.startIndex
        while start < names.endIndex {
            var end = start
            while end + 1 < names.endIndex, names[end + 1].widthClass == names[start].widthClass,
                  names[end + 1].number == names[end].number! + 1 { end += 1 }
            let low = String(names[start].text.utf8.suffix(names[start].width))!
            let high = String(names[end].text.utf8.suffix(names[end].width))!
            result.append(start == end ? low : "\(low)-\(high)")
            start = end + 1
        }
        return result
    }
}
