/// Ranks measured together: the whole job, or, for one row of `--sweep`,
/// its first k ranks. Their communicator and the dynamic schedule's chunk
/// counter (or the mailbox rank 0 hands chunks out through) are made before
/// any clock starts (`rows(of:)`), so no timed span holds a set-up.
struct Row {
    let size: Int
    /// Its ranks; nil on the ranks outside it.
    let ranks: MPICommunicator?
    /// Its throws: the job's, or a weak sweep's share per rank times its ranks.
    let amount: RunConfiguration.Amount
    /// The dynamic schedule's counter, where MPI has one-sided atomics between
    /// its ranks; nil for the static schedule, or where rank 0 hands out chunks.
    let chunks: SharedCounter?
    /// Where rank 0 hands out the chunks: the messages' memory.
    let mailbox: ManagedSchedule.Mailbox?
    /// Ends rank 0's progress lines: a sweep names its row.
    let progressSuffix: String

    /// How the dynamic schedule's chunks are taken in this row; nil for static.
    func chunkTaking(_ schedule: Schedule) -> Schedule.ChunkTaking? {
        guard schedule == .dynamic else { return nil }
        return chunks == nil ? .rankZero : .atomics
    }

    /// The rows of a run on `world`: one of every rank, or one per size of
    /// `sweep`, counting `amount` (the configuration's, sized where it was a
    /// duration).
    static func rows(of configuration: RunConfiguration, amount: RunConfiguration.Amount,
                     sweep: (ScalingSweep, sizes: [Int])?, world: MPIWorld) -> [Row] {
        let sizes = sweep?.sizes ?? [world.size]
        return sizes.map { size in
            let ranks = size == world.size ? world.everyone : world.firstRanks(size)
            let dynamic = configuration.options.schedule == .dynamic
            let chunks = dynamic ? ranks.flatMap { SharedCounter(on: $0, waitBound: configuration.waitBound) } : nil
            let mailbox = dynamic && chunks == nil ? ranks.map(ManagedSchedule.Mailbox.init(ranks:)) : nil
            var rowAmount = amount
            if let sweep, sweep.0.mode == .weak, case .throwCount(let perRank) = amount {
                rowAmount = .throwCount(perRank * UInt64(size))
            }
            return Row(size: size, ranks: ranks, amount: rowAmount, chunks: chunks, mailbox: mailbox,
                       progressSuffix: sweep == nil ? "" : " on \(TextLayout.plural(size, "rank"))")
        }
    }
}
