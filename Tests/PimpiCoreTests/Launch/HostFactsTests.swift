@testable import PimpiCore
import Testing

@Suite("The host's facts")
struct HostFactsTests {
    @Test("the CPU model, as /proc/cpuinfo names it on x86 (with family and model) and on Arm", arguments: [
        ("processor\t: 0\nmodel name\t: AMD EPYC 9R14  96-Core Processor\nprocessor\t: 1\nmodel name\t: other\n",
         "AMD EPYC 9R14 96-Core Processor"),
        ("processor\t: 0\nvendor_id\t: AuthenticAMD\ncpu family\t: 25\nmodel\t\t: 17\nmodel name\t: AMD EPYC\n",
         "AMD EPYC family 25 model 17"),
        ("processor\t: 0\nCPU implementer\t: 0x41\nCPU architecture: 8\nCPU part\t: 0xd0c\n", "Arm 0x41 part 0xd0c"),
        ("", "unknown CPU"),
    ])
    func cpuModel(cpuinfo: String, expected: String) {
        #expect(HostFacts.cpuModel(cpuinfo: cpuinfo) == expected)
    }

    @Test("this process's affinity mask is known and within the online CPUs")
    func affinity() throws {
        let host = HostFacts.current()
        let mask = try #require(host.affinity)
        #expect(mask.count >= 1 && mask.count <= host.onlineCPUCount)
    }
}
