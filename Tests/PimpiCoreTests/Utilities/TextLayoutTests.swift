@testable import PimpiCore
import Testing

@Suite("How numbers and counts read")
struct TextLayoutTests {
    @Test("digits in groups of three", arguments: [
        (0, "0"), (999, "999"), (1000, "1,000"), (10_000_000_000, "10,000,000,000"),
        (UInt64.max, "18,446,744,073,709,551,615"),
    ] as [(UInt64, String)])
    func grouped(value: UInt64, expected: String) {
        #expect(TextLayout.grouped(value) == expected)
    }

    @Test("one noun, or its plural")
    func plural() {
        #expect(TextLayout.plural(1, "rank") == "1 rank")
        #expect(TextLayout.plural(0, "rank") == "0 ranks")
        #expect(TextLayout.plural(2, "host") == "2 hosts")
    }

    @Test("runs joined by a dash, as Linux writes CPU lists", arguments: [
        ([0, 1, 2, 3, 8], "0-3,8"), ([5], "5"), ([], ""), ([3, 1, 2, 1], "1-3"), ([0, 2, 4], "0,2,4"),
    ] as [([Int], String)])
    func ranges(numbers: [Int], expected: String) {
        #expect(TextLayout.ranges(numbers) == expected)
    }

    @Test("a long list is cut at a comma, near 40 characters, whatever the rank count", arguments: [10, 10_000, 100_000])
    func shortRanges(count: Int) {
        let third = stride(from: 0, to: count * 3, by: 3)
        let short = TextLayout.shortRanges(third)
        #expect(short.count <= 44 && short.hasPrefix("0,3,6,") && short.hasSuffix(count > 10 ? ",..." : "27"))
        #expect(TextLayout.shortRanges(0 ..< count) == "0-\(count - 1)")
    }

    @Test("up to three names, then the count")
    func shortNames() {
        #expect(TextLayout.shortNames(["n1", "n2"], noun: "host") == "n1, n2")
        #expect(TextLayout.shortNames((1 ... 100).map { "n\($0)" }, noun: "host") == "n1, n2, n3, ... (100 hosts)")
    }
}
