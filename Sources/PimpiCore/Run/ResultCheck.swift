/// The one check of what was counted, on the root, before anything is
/// printed. The generator is counter-based, so every way of counting the
/// same throws must give the same hits: each warm-up and repetition of a row,
/// the rows of a sweep, and the serial rerun. The first disagreement, in
/// words, or nil when there is none.
enum ResultCheck {
    static func problem(_ rows: [RowMeasurement], sweep: ScalingSweep.Mode?,
                        serial: RunReport.SerialRerun?) -> String? {
        for row in rows {
            if let problem = repetitionProblem(row) { return problem }
        }
        if let problem = sweep.flatMap({ rowsProblem(rows, mode: $0) }) { return problem }
        guard let serial, let first = rows.first else { return nil }
        // The rerun counted throws 0 ..< n: all of the first row's, or rank
        // 0's share of a weak sweep's.
        let (expected, what) = sweep == .weak
            ? (first.records[0][first.warmups].hits, "rank 0 counted on the same throws in the \(first.ranks)-rank row")
            : (first.hits[first.warmups], sweep == nil ? "the parallel run counted"
                : "the \(first.ranks)-rank row counted on the same throws")
        for (index, hits) in serial.hitsSamples.enumerated() where hits != expected {
            let which = serial.hitsSamples.count == 1 ? "serial rerun" : "serial rerun \(index + 1)"
            return "\(which) counted \(hits) hits but \(what) \(expected)"
        }
        return nil
    }

    /// Every warm-up and repetition counted the same throws with the same seed.
    private static func repetitionProblem(_ row: RowMeasurement) -> String? {
        let expected = row.hits[row.warmups]
        guard let odd = row.hits.indices.first(where: { row.hits[$0] != expected }) else { return nil }
        let name = odd < row.warmups ? "warm-up \(odd + 1)" : "repetition \(odd - row.warmups + 1)"
        return "\(name) counted \(row.hits[odd]) hits but repetition 1 counted \(expected) (the same throws and seed)"
            + (row.ranks == 1 ? "" : " on \(row.ranks) ranks")
    }

    /// Strong: every row counted the same throws, so the same hits. Weak:
    /// rank r counted the same share in every row it was in.
    private static func rowsProblem(_ rows: [RowMeasurement], mode: ScalingSweep.Mode) -> String? {
        guard let first = rows.first, let last = rows.last else { return nil }
        switch mode {
        case .strong:
            guard let odd = rows.first(where: { $0.hits[$0.warmups] != first.hits[first.warmups] }) else { return nil }
            return "the \(odd.ranks)-rank row counted \(odd.hits[odd.warmups]) hits but the \(first.ranks)-rank row "
                + "counted \(first.hits[first.warmups]) (the same throws and seed)"
        case .weak:
            for row in rows {
                for rank in 0 ..< row.ranks {
                    let here = row.records[rank][row.warmups].hits
                    let there = last.records[rank][last.warmups].hits
                    if here != there {
                        return "rank \(rank) counted \(here) hits in the \(row.ranks)-rank row but \(there) in the "
                            + "\(last.ranks)-rank row (the same share of throws)"
                    }
                }
            }
            return nil
        }
    }
}
