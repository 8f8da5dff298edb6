/// Where one thread of a rank is pinned: its CPU, and that CPU's core, NUMA
/// node and socket (nil where the topology has no such level).
struct ThreadPlace: Equatable, Sendable {
    var thread: Int
    var cpu: Int
    var place: NodeTopology.Place

    /// Words per thread as they travel to the root: CPU, core, NUMA node, socket.
    static let wordCount = 4
    private static let unknown = UInt64.max

    var words: [UInt64] {
        let levels: [Int?] = [place.core, place.numaNode, place.socket]
        return [UInt64(cpu)] + levels.map { $0.map(UInt64.init) ?? Self.unknown }
    }

    /// A record per thread that says nothing: from a rank that could not pin.
    static func unknownWords(threads: Int) -> [UInt64] { [UInt64](repeating: unknown, count: threads * wordCount) }

    /// The records of a rank's threads, in thread order; none where it sent
    /// unknown ones.
    static func places(words: [UInt64]) -> [ThreadPlace] {
        guard words.first != unknown else { return [] }
        return stride(from: 0, to: words.count - wordCount + 1, by: wordCount).enumerated().map { thread, start in
            let field = { (index: Int) in words[start + index] == unknown ? nil : Int(words[start + index]) }
            return ThreadPlace(thread: thread, cpu: Int(words[start]),
                               place: .init(core: field(1), numaNode: field(2), socket: field(3)))
        }
    }
}
