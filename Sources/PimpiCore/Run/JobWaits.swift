/// What each of the run's waits is for, as the line that names a rank that
/// never came says it (`MPIWorld.complete`): one place for every phase of
/// the run (the MPI layer's own are in Launch/Wait.swift).
extension Wait.Awaited {
    /// The gathers and the kernel choice after the trials.
    static let agreement = Self(singular: "has not joined the kernel agreement after its trial",
                                plural: "have not joined the kernel agreement after their trials",
                                noun: "the kernel agreement")
    /// The barrier before each timed count.
    static let start = Self(singular: "has not reached the start", plural: "have not reached the start",
                            noun: "the start barrier")
    /// The sum of each round's hits, which ends the timed span.
    static let result = Self(singular: "has not reported its result", plural: "have not reported their results",
                             noun: "the sum of the hits")
    /// The ranks' records (times, throws, hits) after a row's counts.
    static let records = Self(singular: "has not sent its records", plural: "have not sent their records",
                              noun: "the gather of the ranks' records")
    /// A dynamic-schedule chunk: taken from the counter at rank 0, or handed out by rank 0.
    static let chunk = Self(singular: "has not answered a request for work",
                            plural: "have not answered requests for work", noun: "a chunk of work")
    /// Rank 0 waits for the last managed-schedule workers to ask for more.
    static let lastRequests = Self(singular: "has not asked for more work", plural: "have not asked for more work",
                                   noun: "the workers' last requests")
    /// The ranks outside a sweep row wait for it.
    static let row = Self(singular: "has not finished its row of the sweep",
                          plural: "have not finished their row of the sweep", noun: "the end of a sweep row")
    /// The other ranks, their parts sent, wait while rank 0 takes in the sums,
    /// reruns the count alone and reports.
    static let verdict = Self(singular: "has not finished the run (the sums, the serial rerun, the report)",
                              plural: "have not finished the run (the sums, the serial rerun, the report)",
                              noun: "rank 0's verdict")
}

extension RunConfiguration {
    /// A wait of this run for `awaited`; `timed` inside the timed span.
    func wait(_ awaited: Wait.Awaited, timed: Bool = false) -> Wait {
        Wait(awaited: awaited, bound: waitBound, timed: timed)
    }
}
