@testable import PimpiCore
import Testing

@Suite("Number sets")
struct NumberSetTests {
    @Test("Linux list form", arguments: [([0, 1, 2, 3, 8], "0-3,8"), ([5], "5"), ([], ""), ([3, 1, 2, 1], "1-3"),
                                         ([0, 2, 4], "0,2,4"), ([63, 64, 1000], "63-64,1000")] as [([Int], String)])
    func list(cpus: [Int], expected: String) {
        let set = NumberSet(cpus)
        #expect(set.list == expected)
        #expect(NumberSet(words: set.words()) == set)
    }
}
