import ArgumentParser
import Foundation
import PimpiCore
import PimpiKernel

/// The command line: takes the options (declared and checked in `RunOptions`)
/// and hands off to `PiJob`.
@main
struct Pimpi: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pimpi",
        abstract: "Estimate pi by Monte Carlo over MPI, and report how it scales.",
        discussion: """
            Splits the throws across the MPI ranks, sums the hit counts on rank 0, and prints pi, \
            its error, the parallel time and a timed serial rerun. Throw i uses output i+1 of \
            \(SplitMix64.name) seeded with --seed, so a seed gives the same hits on any number of \
            ranks or threads. Launch with `mpirun -np 4 pimpi 1e9` or, under Slurm, `srun pimpi 1e9`.
            """,
        version: PimpiVersion.withMPI)

    @OptionGroup var options: RunOptions

    /// Parses and validates before MPI_Init, so a usage error costs no MPI start-up,
    /// and lets only the process that will be rank 0 say so: every rank exits 64.
    static func main() {
        let launch = LaunchEnvironment(variables: ProcessInfo.processInfo.environment)
        do {
            let command = try parse(SweepArgument.withValues(Array(CommandLine.arguments.dropFirst())))
            let options = command.options
            Foundation.exit(options.checksNodeAlone ? ScreenJob.run(options, launch: launch)
                                                    : PiJob.run(options, launch: launch))
        } catch {
            guard exitCode(for: error) != .success else {
                if launch.isFirstProcess { print(fullMessage(for: error)) }
                Foundation.exit(ExitStatus.success)
            }
            Foundation.exit(Diagnostics.failAlike(
                Diagnostics.oneLine(message(for: error)) + " (see 'pimpi --help')",
                speaks: launch.isFirstProcess, status: ExitStatus.usage, localProcesses: launch.localProcessCount))
        }
    }
}
