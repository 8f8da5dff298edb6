@testable import PimpiCore
import Testing

@Suite("Throw count parsing")
struct ThrowCountArgumentTests {
    @Test("accepted forms", arguments: [
        ("1", 1),
        ("1000000000", 1_000_000_000),
        ("1_000_000_000", 1_000_000_000),
        ("1e9", 1_000_000_000),
        ("1E9", 1_000_000_000),
        ("2.5E10", 25_000_000_000),
        ("1.5e3", 1500),
        ("1e+3", 1000),
        ("0001", 1),
        ("1000e-3", 1),
        ("12_345.6_7e2", 1_234_567),
        ("18446744073709551615", UInt64.max),
        ("1.8446744073709551615e19", UInt64.max),
        ("1e19", 10_000_000_000_000_000_000),
    ] as [(String, UInt64)])
    func accepted(text: String, expected: UInt64) throws {
        #expect(try ThrowCountArgument.parse(text) == expected)
    }

    @Test("rejected forms", arguments: [
        "", "0", "0e5", "-5", "+5", "abc", "1.5", "1e-3", "1e30", "18446744073709551616",
        "1.8446744073709551616e19", "0x10", "1e9 extra", " 1", "1_", "_1", "1__0", "1e", "e9", "1.",
        ".5e1", "1.5.5", "1e9e9", "1e99999999999999999999", "1,000", "١٢٣",
    ])
    func rejected(text: String) {
        #expect(throws: ArgumentValueError.self) { try ThrowCountArgument.parse(text) }
    }

    @Test("errors say what is wrong and what is accepted", arguments: [
        ("1.5", "not a whole number"),
        ("0", "at least 1"),
        ("18446744073709551616", "larger than 2^64 - 1"),
        ("abc", "not a number"),
    ])
    func messages(text: String, reason: String) {
        do {
            _ = try ThrowCountArgument.parse(text)
            Issue.record("'\(text)' was accepted")
        } catch {
            #expect(error.description.contains(reason))
            #expect(error.description.contains(ThrowCountArgument.acceptedForms))
        }
    }
}
