/// Faults that pimpi's own tests inject through the environment, to prove that a
/// failing or slow rank ends or slows the job the way it would in real life.
/// Set only by the test suite; unset, it changes nothing.
///
///     PIMPI_TEST_FAULT=fail-after-init:RANK   that rank fails right after MPI_Init
///     PIMPI_TEST_FAULT=serial-mismatch        the serial rerun counts one hit too many
///     PIMPI_TEST_FAULT=slow-rank:RANK:FACTOR  that rank works FACTOR times slower
///                                             (it sleeps after each piece of work)
///     PIMPI_TEST_FAULT=thread-level:LEVEL     MPI is taken to provide only LEVEL
///                                             (single, funneled, ...) thread support
public enum TestFault: Equatable, Sendable {
    case failAfterInit(rank: Int)
    case serialMismatch
    case slowRank(rank: Int, factor: Double)
    case threadLevel(MPIThreadLevel)

    public static let variable = "PIMPI_TEST_FAULT"

    public init?(environment: [String: String]) {
        guard let text = environment[Self.variable] else { return nil }
        let parts = text.split(separator: ":")
        switch (parts.first, parts.count) {
        case ("fail-after-init", 2):
            guard let rank = Int(parts[1]) else { return nil }
            self = .failAfterInit(rank: rank)
        case ("serial-mismatch", 1):
            self = .serialMismatch
        case ("slow-rank", 3):
            guard let rank = Int(parts[1]), let factor = Double(parts[2]), factor >= 1 else { return nil }
            self = .slowRank(rank: rank, factor: factor)
        case ("thread-level", 2):
            guard let level = MPIThreadLevel.allCases.first(where: { $0.name == parts[1] }) else { return nil }
            self = .threadLevel(level)
        default:
            return nil
        }
    }
}
