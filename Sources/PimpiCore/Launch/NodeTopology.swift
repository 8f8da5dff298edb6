import CHwloc

/// Where each CPU of a node sits: its core, NUMA node and socket, as hwloc
/// reads them (the library the MPI launchers and Slurm bind with). CPUs are
/// hwloc's PUs, numbered as Linux numbers them (its OS indices, as in
/// `taskset -c` and `--cpu-bind=map_cpu`); a core is numbered by hwloc's
/// logical index, unique on the node where Linux's core_id repeats per socket.
///
/// hwloc reads the node it runs on, unless `HWLOC_XMLFILE` or
/// `HWLOC_SYNTHETIC` names another topology: that is how the tests give a
/// 2-core machine the shape of a 2-socket SMT node, whose CPU numbers the
/// affinity mask then names.
struct NodeTopology: Equatable, Sendable {
    /// One CPU's place; nil where the topology has no such level.
    struct Place: Equatable, Sendable {
        var core: Int?
        var numaNode: Int?
        var socket: Int?
    }

    /// How many cores, NUMA nodes and sockets a node has.
    struct Size: Equatable, Sendable {
        var cores: Int
        var numaNodes: Int
        var sockets: Int
    }

    /// Every CPU's place, by its number.
    let places: [Int: Place]
    let size: Size

    init(places: [Int: Place], size: Size) {
        self.places = places
        self.size = size
    }

    var cpuCount: Int { places.count }

    /// The node this process runs on (or the topology hwloc's variables name);
    /// nil where hwloc cannot read one.
    static func current() -> NodeTopology? { load { _ in 0 } }

    /// A topology from hwloc's synthetic description ("pack:2 core:4 pu:2").
    static func synthetic(_ description: String) -> NodeTopology? {
        load { hwloc_topology_set_synthetic($0, description) }
    }

    private static func load(configure: (hwloc_topology_t) -> Int32) -> NodeTopology? {
        var topology: hwloc_topology_t?
        guard hwloc_topology_init(&topology) == 0, let topology else { return nil }
        defer { hwloc_topology_destroy(topology) }
        // The whole node, not only the CPUs this job's cgroup allows: a rank's
        // mask is compared with its node, as with the online CPU count.
        guard configure(topology) == 0,
              hwloc_topology_set_flags(topology, UInt(HWLOC_TOPOLOGY_FLAG_INCLUDE_DISALLOWED.rawValue)) == 0,
              hwloc_topology_load(topology) == 0 else { return nil }
        var places: [Int: Place] = [:]
        for index in 0 ..< max(hwloc_get_nbobjs_by_type(topology, HWLOC_OBJ_PU), 0) {
            guard let pu = hwloc_get_obj_by_type(topology, HWLOC_OBJ_PU, UInt32(index)) else { continue }
            let core = hwloc_get_ancestor_obj_by_type(topology, HWLOC_OBJ_CORE, pu)
            let socket = hwloc_get_ancestor_obj_by_type(topology, HWLOC_OBJ_PACKAGE, pu)
            // NUMA nodes hang beside the CPUs in hwloc 2, not above them: a
            // CPU's NUMA node is the first of its node set.
            let numaNode = pu.pointee.nodeset.map { hwloc_bitmap_first($0) }.flatMap { $0 >= 0 ? Int($0) : nil }
            places[Int(pu.pointee.os_index)] = Place(
                core: core.map { Int($0.pointee.logical_index) }, numaNode: numaNode,
                socket: socket.map { Int($0.pointee.os_index) })
        }
        guard !places.isEmpty else { return nil }
        let count = { (type: hwloc_obj_type_t) in max(Int(hwloc_get_nbobjs_by_type(topology, type)), 1) }
        return NodeTopology(places: places, size: Size(cores: count(HWLOC_OBJ_CORE), numaNodes: count(HWLOC_OBJ_NUMANODE),
                                                       sockets: count(HWLOC_OBJ_PACKAGE)))
    }

    /// The cores, NUMA nodes and sockets `cpus` reach.
    func reach(of cpus: NumberSet) -> Reach {
        let known = cpus.numbers.compactMap { places[$0] }
        return Reach(cores: NumberSet(known.compactMap(\.core)), numaNodes: NumberSet(known.compactMap(\.numaNode)),
                     sockets: NumberSet(known.compactMap(\.socket)))
    }

    /// The cores, NUMA nodes and sockets a set of CPUs reaches.
    struct Reach: Equatable, Sendable {
        var cores: NumberSet
        var numaNodes: NumberSet
        var sockets: NumberSet
    }

    /// One CPU of each core of `cpus`, lowest first, for the first `threads`
    /// cores in the topology's order (so a rank's threads fill one socket
    /// before the next); nil where `cpus` has fewer cores than `threads`.
    func oneCPUPerCore(of cpus: NumberSet, threads: Int) -> [Int]? {
        var seen = Set<Int>()
        let firsts = cpus.numbers.compactMap { cpu -> (core: Int, cpu: Int)? in
            guard let core = places[cpu]?.core, seen.insert(core).inserted else { return nil }
            return (core, cpu)
        }.sorted { $0.core < $1.core }
        guard firsts.count >= threads else { return nil }
        return firsts.prefix(threads).map(\.cpu)
    }
}
