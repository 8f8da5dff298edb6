import CMPIShim

/// Ranks that run one thing together: the whole job, or the first k of it
/// (a `--sweep` row). Every collective here is nonblocking and waits in
/// `MPIWorld.complete`, so none waits for a rank that is gone: the root's
/// work grows as log P, and no message arrives unexpected. Each posts its
/// operation and waits inside the closures that keep its buffers in place.
struct MPICommunicator {
    let world: MPIWorld
    let comm: MPI_Comm!
    let rank: Int
    let size: Int

    var isRoot: Bool { rank == MPIWorld.root }

    /// Returns once every rank has called it.
    func barrier(_ wait: Wait) {
        var request = MPIRequest()
        cmpi_ibarrier(comm, &request.handle)
        world.complete(&request, wait)
    }

    /// The sum of every rank's `value` on the root (0 elsewhere): exact, in
    /// 64-bit integers. The root only receives in it.
    func sum(_ value: UInt64, _ wait: Wait) -> UInt64 {
        combined(value, wait) { send, result, request in
            cmpi_ireduce(send, result, 1, UInt64.mpiType, cmpi_op_sum(), Int32(MPIWorld.root), comm, &request)
        }
    }

    /// The smallest of every rank's `value`, on every rank.
    func minimum(_ value: UInt64, _ wait: Wait) -> UInt64 {
        combined(value, wait) { send, result, request in
            cmpi_iallreduce(send, result, 1, UInt64.mpiType, cmpi_op_min(), comm, &request)
        }
    }

    /// One value in, one out, through the reduction that `post` starts.
    private func combined(_ value: UInt64, _ wait: Wait,
                          post: (UnsafeMutablePointer<UInt64>, UnsafeMutablePointer<UInt64>, inout cmpi_request)
                              -> Int32) -> UInt64 {
        var send = value
        var result: UInt64 = 0
        withUnsafeMutablePointer(to: &send) { send in
            withUnsafeMutablePointer(to: &result) { result in
                var request = MPIRequest()
                _ = post(send, result, &request.handle)
                world.complete(&request, wait)
            }
        }
        return result
    }

    /// Every rank's `values` (as many on every rank), in rank order, on the
    /// root; empty on the others.
    func gather<Element: MPIElement>(_ values: [Element], _ wait: Wait) -> [[Element]] {
        let count = values.count
        precondition(count > 0, "a gather moves at least one value per rank")
        var all = [Element](repeating: .zero, count: isRoot ? size * count : 0)
        values.withUnsafeBufferPointer { send in
            all.withUnsafeMutableBufferPointer { receive in
                var request = MPIRequest()
                cmpi_igather(send.baseAddress, Int32(count), Element.mpiType, receive.baseAddress, Int32(count),
                             Element.mpiType, Int32(MPIWorld.root), comm, &request.handle)
                world.complete(&request, wait)
            }
        }
        return isRoot ? (0 ..< size).map { Array(all[($0 * count) ..< (($0 + 1) * count)]) } : []
    }

    /// Every rank's `text`, in rank order, on the root (empty elsewhere), each
    /// cut to `width` − 1 bytes.
    func gather(text: String, width: Int, _ wait: Wait) -> [String] {
        gather(Self.slot(text, width: width), wait).map(Self.text(ofSlot:))
    }

    /// The root's `values` (as many on every rank), on every rank.
    func broadcast<Element: MPIElement>(_ values: [Element], _ wait: Wait) -> [Element] {
        var buffer = values
        buffer.withUnsafeMutableBufferPointer { buffer in
            var request = MPIRequest()
            cmpi_ibcast(buffer.baseAddress, Int32(buffer.count), Element.mpiType, Int32(MPIWorld.root), comm,
                        &request.handle)
            world.complete(&request, wait)
        }
        return buffer
    }

    /// The root's `text`, on every rank, cut to `width` − 1 bytes.
    func broadcast(text: String, width: Int, _ wait: Wait) -> String {
        Self.text(ofSlot: broadcast(Self.slot(text, width: width), wait))
    }

    /// Values r·count ..< (r+1)·count of the root's `values` (`count` per
    /// rank, given on the root alone), on rank r.
    func scatter(_ values: [UInt64], perRank count: Int, _ wait: Wait) -> [UInt64] {
        precondition(!isRoot || values.count == size * count)
        var mine = [UInt64](repeating: 0, count: count)
        values.withUnsafeBufferPointer { send in
            mine.withUnsafeMutableBufferPointer { receive in
                var request = MPIRequest()
                cmpi_iscatter(send.baseAddress, Int32(count), UInt64.mpiType, receive.baseAddress, Int32(count),
                              UInt64.mpiType, Int32(MPIWorld.root), comm, &request.handle)
                world.complete(&request, wait)
            }
        }
        return mine
    }

    /// Every rank's `values`, as many as `counts` (known on the root, one per
    /// rank) says for it, in rank order, on the root; empty on the others.
    func gather(varying values: [UInt64], counts: [Int], _ wait: Wait) -> [[UInt64]] {
        let offsets = counts.reduce(into: [0]) { $0.append($0.last! + $1) }
        var all = [UInt64](repeating: 0, count: isRoot ? offsets.last! : 0)
        let receiveCounts = counts.map(Int32.init), displacements = offsets.dropLast().map(Int32.init)
        values.withUnsafeBufferPointer { send in
            all.withUnsafeMutableBufferPointer { receive in
                var request = MPIRequest()
                cmpi_igatherv(send.baseAddress, Int32(send.count), UInt64.mpiType, receive.baseAddress,
                              receiveCounts, displacements, UInt64.mpiType, Int32(MPIWorld.root), comm,
                              &request.handle)
                world.complete(&request, wait)
            }
        }
        return isRoot ? counts.indices.map { Array(all[offsets[$0] ..< offsets[$0 + 1]]) } : []
    }

    private static func slot(_ text: String, width: Int) -> [UInt8] {
        Array(text.utf8.prefix(width - 1)) + [UInt8](repeating: 0, count: width - min(text.utf8.count, width - 1))
    }

    private static func text(ofSlot slot: [UInt8]) -> String {
        String(decoding: slot.prefix { $0 != 0 }, as: UTF8.self)
    }

    // MARK: Point to point (the managed schedule)

    /// Starts sending `count` values from `buffer`, which must stay put until
    /// the request completes.
    func postSend(_ buffer: UnsafePointer<UInt64>, count: Int, to destination: Int, tag: Int32) -> MPIRequest {
        var request = MPIRequest()
        cmpi_isend(buffer, Int32(count), UInt64.mpiType, Int32(destination), tag, comm, &request.handle)
        return request
    }

    /// Starts receiving `count` values from `source` (nil: any rank) into
    /// `buffer`, which must stay put until the request completes.
    func postReceive(_ buffer: UnsafeMutablePointer<UInt64>, count: Int, from source: Int?, tag: Int32) -> MPIRequest {
        var request = MPIRequest()
        cmpi_irecv(buffer, Int32(count), UInt64.mpiType, source.map(Int32.init) ?? cmpi_any_source(), tag, comm,
                   &request.handle)
        return request
    }

    /// The sender of a message with `tag` that has arrived, if any.
    func probe(tag: Int32) -> Int? {
        var flag: Int32 = 0
        var status = MPI_Status()
        cmpi_iprobe(cmpi_any_source(), tag, comm, &flag, &status)
        return flag != 0 ? Int(status.MPI_SOURCE) : nil
    }

    /// Receives a message that `probe` found, so it does not wait.
    func receiveProbed(count: Int, from source: Int, tag: Int32) -> [UInt64] {
        var values = [UInt64](repeating: 0, count: count)
        cmpi_recv(&values, Int32(count), UInt64.mpiType, Int32(source), tag, comm, cmpi_status_ignore())
        return values
    }
}
