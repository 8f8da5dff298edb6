@testable import PimpiCore
import Testing

@Suite("CPU sets")
struct CPUSetTests {
    @Test("Linux list form", arguments: [([0, 1, 2, 3, 8], "0-3,8"), ([5], "5"), ([], ""), ([3, 1, 2, 1], "1-3"),
                                         ([0, 2, 4], "0,2,4"), ([63, 64, 1000], "63-64,1000")] as [([Int], String)])
    func list(cpus: [Int], expected: String) {
        let set = CPUSet(cpus)
        #expect(set.list == expected)
        #expect(CPUSet(words: set.words) == set)
    }

    @Test("this process's affinity mask is known and within the online CPUs")
    func affinity() throws {
        let host = HostFacts.current()
        let mask = try #require(host.affinity)
        #expect(mask.count >= 1 && mask.count <= host.onlineCPUCount)
    }
}
