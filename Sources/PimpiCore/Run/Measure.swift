import PimpiKernel

/// The timed counts: what a rank does from the start barrier to the last sum,
/// and nothing else. Everything they need (communicators, chunk counters,
/// progress lines) was made before; the records go to the root after.
extension Job {
    /// Counts `row`'s throws `--warmup` + `--repeat` times, then sends the
    /// ranks' records to the root in one gather. What the row measured, on the
    /// root; nil elsewhere (and on ranks outside the row).
    func measure(_ row: Row) -> RowMeasurement? {
        guard let ranks = row.ranks else { return nil }
        let plan = configuration.repetitions
        var records: [RankRecord] = []
        var totals: [UInt64] = []
        var last = RoundPlan(row.amount)
        for index in 0 ..< plan.total {
            let label = plan.total == 1 ? ""
                : index < plan.warmup ? " in warm-up \(index + 1) of \(plan.warmup)"
                : " in repetition \(index - plan.warmup + 1) of \(plan.timed)"
            var rounds = RoundPlan(row.amount)
            records.append(countOnce(row, on: ranks, rounds: &rounds, label: label + row.progressSuffix))
            totals.append(rounds.hits)
            last = rounds
        }
        let gathered = ranks.gather(records.flatMap(\.words), configuration.wait(.records))
        guard ranks.isRoot else { return nil }
        let width = RankRecord.wordCount
        let firstRound = RoundPlan(row.amount).next!
        return RowMeasurement(
            ranks: ranks.size, throwCount: last.done, hits: totals, warmups: plan.warmup,
            records: gathered.map { words in
                (0 ..< plan.total).map { RankRecord(words: words[($0 * width) ..< (($0 + 1) * width)]) }
            },
            target: last.target, chunk: chunk(for: firstRound, ranks: ranks.size),
            chunkTaking: row.chunkTaking(configuration.options.schedule))
    }

    /// One timed count. Every rank is at the start before any clock starts
    /// (a wait that sleeps), then they leave together (a wait that spins: a
    /// nap would make the ranks start milliseconds apart); each rank's span
    /// ends when its part in the last round's sum is done (rank 0's when the
    /// sum is in).
    private func countOnce(_ row: Row, on ranks: MPICommunicator, rounds: inout RoundPlan,
                           label: String) -> RankRecord {
        let (throwsBefore, secondsBefore) = (counter.throwsCounted, counter.kernelSeconds)
        prepareMeter(for: rounds.next!, ranks: ranks, label: label)
        hooks.stop(at: .start, rank: world.rank)
        ranks.barrier(configuration.wait(.start))
        ranks.barrier(configuration.wait(.start, timed: true))
        let started = world.wallTime()
        let mine = countRounds(row, on: ranks, rounds: &rounds, label: label)
        let span = world.wallTime() - started
        return RankRecord(seconds: span, kernelSeconds: counter.kernelSeconds - secondsBefore,
                          throwsCounted: counter.throwsCounted - throwsBefore, hits: mine)
    }

    /// Every round of one count: this rank's part of the round's throws under
    /// the schedule, then the round's hits summed over the ranks on the root
    /// (`MPI_Ireduce`); for a precision target the root then sends the sum to
    /// every rank, so that all decide alike whether another round follows.
    /// The same loop for a fixed count (one round) and a precision target.
    /// Returns this rank's hits.
    private func countRounds(_ row: Row, on ranks: MPICommunicator, rounds: inout RoundPlan,
                             label: String) -> UInt64 {
        var mine: UInt64 = 0
        while let round = rounds.next {
            if rounds.rounds > 0 {
                prepareMeter(for: round, ranks: ranks, label: " in round \(rounds.rounds + 1)" + label)
            }
            meter?.begin()
            let hits = countRound(round, row: row, on: ranks)
            meter?.finish()
            hooks.stop(at: .collection, rank: world.rank)
            mine += hits
            let sum = ranks.sum(hits, configuration.wait(.result, timed: true))
            guard case .precision = row.amount else {
                rounds.finish(hits: sum)
                continue
            }
            rounds.finish(hits: ranks.broadcast([sum], configuration.wait(.result, timed: true))[0])
        }
        return mine
    }

    /// This rank's hits in one round, under the configured schedule. Between
    /// slices of counting it answers roll calls (and rank 0 shows progress).
    private func countRound(_ round: ThrowRange, row: Row, on ranks: MPICommunicator) -> UInt64 {
        let between: (UInt64) -> Void = { [world, hooks] _ in
            hooks.stop(at: .counting, rank: world.rank)
            world.stayInTouch()
        }
        guard let chunk = chunk(for: round, ranks: ranks.size) else {
            let share = WorkSplit(totalThrows: round.count, rankCount: ranks.size).range(ofRank: ranks.rank)
            let before = counter.throwsCounted
            return counter.count(ThrowRange(first: round.first &+ share.first, count: share.count),
                                 in: counter.slices { [meter] done in
                                     meter?.update(done: done - before)
                                     between(done)
                                 })
        }
        let schedule = DynamicSchedule(round: round, chunk: chunk, ranks: ranks, counter: counter, meter: meter,
                                       between: between, wait: configuration.wait(.chunk, timed: true))
        if let chunks = row.chunks { return schedule.count(taking: chunks) }
        return ManagedSchedule.count(schedule, mailbox: row.mailbox!,
                                     lastRequests: configuration.wait(.lastRequests, timed: true))
    }

    /// The dynamic schedule's chunk for `round`; nil for the static schedule.
    func chunk(for round: ThrowRange, ranks: Int) -> UInt64? {
        guard configuration.options.schedule == .dynamic else { return nil }
        return configuration.options.chunk ?? Schedule.defaultChunk(throwCount: round.count, ranks: ranks)
    }

    /// Rank 0's first progress line of a round, written out before the start.
    private func prepareMeter(for round: ThrowRange, ranks: MPICommunicator, label: String) {
        guard let meter else { return }
        if configuration.options.schedule == .dynamic {
            meter.prepare(total: round.count, what: "handed out" + label)
        } else {
            let share = WorkSplit(totalThrows: round.count, rankCount: ranks.size).range(ofRank: ranks.rank)
            meter.prepare(total: share.count, what: "of rank 0's share" + label)
        }
    }
}
