/// One wait of a rank for others: what it waits for, in the words of the
/// line that names the ranks that never came, how long before it asks
/// whether they are still there, and whether it ends the timed span (where a
/// rank looks without sleeping at first; `WaitPolicy`).
struct Wait {
    /// "has not reported its result" and "have not reported their results";
    /// the noun, "the result", for when every rank is there and the wait
    /// still does not end.
    struct Awaited: Equatable {
        var singular: String
        var plural: String
        var noun: String
    }

    var awaited: Awaited
    /// Seconds, for rank 0 (`WaitPolicy.limit` for the others).
    var bound: Double
    var timed = false
}

/// The MPI layer's own waits; the run's are in Run/JobWaits.swift.
extension Wait.Awaited {
    /// The first collective after MPI_Init: every rank learns the thread support the others got.
    static let threadLevel = Self(singular: "has not joined the job after MPI_Init",
                                  plural: "have not joined the job after MPI_Init",
                                  noun: "the first exchange after MPI_Init")
    /// Every rank learns whether every rank got the chunk counter's window.
    static let window = Self(singular: "has not made the chunk counter's window",
                             plural: "have not made the chunk counter's window", noun: "the chunk counter's window")
    /// The barrier before MPI_Finalize.
    static let end = Self(singular: "has not reached the end of the run", plural: "have not reached the end of the run",
                          noun: "the barrier before MPI_Finalize")
}
