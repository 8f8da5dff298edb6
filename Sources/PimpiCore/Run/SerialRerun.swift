import PimpiKernel

extension Job {
    /// Rank 0 alone counts throws 0 ..< `throwCount` again, `times` times, on
    /// one thread with the kernel it ran in the parallel count: the speedup's
    /// base. Every other rank is meanwhile asleep in its wait for the verdict
    /// (`finish`), so the rerun has the node to itself as a one-rank run
    /// would. Between slices rank 0 answers roll calls, so the sleepers know
    /// it is alive however long the rerun takes. It runs on the CPU rank 0's
    /// first thread was pinned to, where it was. Each rerun's hits and time
    /// on the root; nil elsewhere.
    func serialRerun(throwCount: UInt64, times: Int) -> RunReport.SerialRerun? {
        guard world.isRoot else { return nil }
        hooks.stop(at: .serial, rank: world.rank)
        let alone = RankCounter(seed: configuration.options.seed, kernel: counter.kernel, threads: 1,
                                pinnedTo: Array(counter.pinnedTo.prefix(1)), mask: counter.mask)
        var hits: [UInt64] = []
        var seconds: [Double] = []
        for index in 0 ..< times {
            let what = "of the serial rerun" + (times == 1 ? "" : " \(index + 1) of \(times)")
            meter?.prepare(total: throwCount, what: what)
            meter?.begin()
            let before = alone.throwsCounted
            let started = world.wallTime()
            hits.append(alone.count(ThrowRange(first: 0, count: throwCount), in: alone.slices { [meter, world] done in
                meter?.update(done: done - before)
                world.stayInTouch()
            }))
            seconds.append(world.wallTime() - started)
            meter?.finish()
        }
        hits[0] = hooks.serialRerun(hits: hits[0])
        return RunReport.SerialRerun(hits: hits, seconds: seconds)
    }

    /// How many throws the serial rerun counts, and how often: all of the
    /// row's (one rank's share in a weak sweep); once per timed repetition,
    /// so that its median stands against the parallel median. None with
    /// `--no-serial`, or where a sweep's 1-rank row is the base.
    func serialPlan(_ rows: [RowMeasurement]) -> (throwCount: UInt64, times: Int)? {
        guard configuration.options.serial, let first = rows.first, first.ranks > 1 || sweep == nil else {
            return nil
        }
        return (serialThrows(of: first), configuration.repetitions.timed)
    }

    /// The throws the serial rerun counts against `row`: all of them, or rank
    /// 0's share in a weak sweep.
    func serialThrows(of row: RowMeasurement) -> UInt64 {
        sweep?.mode == .weak ? row.records[0][row.warmups].throwsCounted : row.throwCount
    }
}
