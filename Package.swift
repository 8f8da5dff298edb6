// swift-tools-version:6.0
import PackageDescription

// The kernel is compiled once per x86-64 level and picked at run time (see
// KernelLevel), so one binary runs everywhere and still uses AVX-512 where it
// exists. Swift's code generator takes its target CPU and features from the
// Clang importer, so `-Xcc -march=x86-64-v4` builds for exactly that level (the
// v4 module's loop is 512-bit, vpmullq and kmov/popcnt; it runs as fast as with
// `-target-cpu skylake-avx512`). `-target-cpu` itself takes only CPU names in
// this toolchain (Swift 6.3.1 refuses x86-64-v3), and a CPU's features are a
// superset of its level's, which the run-time check does not cover.
// Elsewhere (e.g. aarch64) these modules build for the default target and are
// never chosen.
#if arch(x86_64)
let x86_64_v3Flags: [SwiftSetting] = [.unsafeFlags(["-Xcc", "-march=x86-64-v3"])]
let x86_64_v4Flags: [SwiftSetting] = [.unsafeFlags(["-Xcc", "-march=x86-64-v4"])]
#else
let x86_64_v3Flags: [SwiftSetting] = []
let x86_64_v4Flags: [SwiftSetting] = []
#endif

// The MPI to build against, by its pkg-config name: Open MPI's `ompi-c` unless
// PIMPI_MPI_PKG_CONFIG says otherwise (`mpich`, or a site's own .pc file). The
// Makefile sets it from MPI=... and builds each MPI in a directory of its own.
// The family asked for (PIMPI_MPI_FAMILY: openmpi or mpich; otherwise the one
// the pkg-config name implies) is checked against mpi.h when the C shim
// compiles, so a build can never link one MPI under the other's name.
let mpiPackage: (name: String, debianPackages: [String], familyCheck: [CSetting]) = {
    let environment = Context.environment
    let name = environment["PIMPI_MPI_PKG_CONFIG"].flatMap { $0.isEmpty ? nil : $0 } ?? "ompi-c"
    let family = environment["PIMPI_MPI_FAMILY"].flatMap { $0.isEmpty ? nil : $0 }
        ?? (name.hasPrefix("ompi") ? "openmpi" : name == "mpich" ? "mpich" : "")
    let check: [CSetting] = switch family {
    case "openmpi": [.define("CMPI_EXPECT_OPEN_MPI")]
    case "mpich": [.define("CMPI_EXPECT_MPICH_FAMILY")]
    default: []
    }
    return (name, family == "mpich" ? ["libmpich-dev"] : ["libopenmpi-dev"], check)
}()

// Test hooks (Sources/PimpiCore/Testing/TestHooks.swift: the faults pimpi's own
// tests inject) are compiled into debug builds, which only the unit tests use,
// and into a release build asked for with PIMPI_TEST_HOOKS=1 (`make test-hooks`).
// Only PimpiCore reads the condition, so that build recompiles it alone and
// relinks; the shipped release binary has no hook and reads no PIMPI_TEST_*.
let testHooks: [SwiftSetting] = [.define("PIMPI_TEST_HOOKS", .when(configuration: .debug))]
    + (Context.environment["PIMPI_TEST_HOOKS"] == "1" ? [.define("PIMPI_TEST_HOOKS")] : [])

// The git commit the Makefile found (PIMPI_BUILD_COMMIT: a short hash, with
// "+dirty" for uncommitted changes), baked into CPimpiBuild so that every
// report names the code that made it; "unknown" where nobody said.
let buildCommit = Context.environment["PIMPI_BUILD_COMMIT"].flatMap { $0.isEmpty ? nil : $0 } ?? "unknown"

let package = Package(
    name: "pimpi",
    products: [
        .executable(name: "pimpi", targets: ["pimpi"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // mpi.h and the MPI library come from the system's MPI through pkg-config,
        // so a cluster's `module load` (which sets PKG_CONFIG_PATH) is honoured.
        // Which MPI is the Makefile's choice (`make MPI=mpich`), passed as its
        // pkg-config name; see mpiPackage below.
        .systemLibrary(
            name: "CMPI",
            pkgConfig: mpiPackage.name,
            providers: [.apt(mpiPackage.debianPackages)]
        ),
        // hwloc, for where each CPU sits (core, NUMA node, socket): the node's
        // topology as the MPI launchers and Slurm see it, from pkg-config.
        .systemLibrary(
            name: "CHwloc",
            pkgConfig: "hwloc",
            providers: [.apt(["libhwloc-dev"])]
        ),
        // Swift cannot import OpenMPI's handle macros (MPI_COMM_WORLD, MPI_SUM, ...);
        // this target re-exports the few MPI calls pimpi makes as plain functions.
        .target(
            name: "CMPIShim",
            dependencies: ["CMPI"],
            cSettings: mpiPackage.familyCheck
        ),
        // CPU feature checks for choosing a kernel level.
        .target(name: "CPimpiCPU"),
        // The SIGTERM/SIGINT handler, in C so that it is plainly async-signal-safe.
        .target(name: "CPimpiSignals"),
        // The build's git commit, a C string: Swift has no value-carrying defines.
        .target(name: "CPimpiBuild", cSettings: [.define("PIMPI_BUILD_COMMIT", to: "\"\(buildCommit)\"")]),
        // The generator, the hit test and the kernel, free of MPI.
        .target(name: "PimpiKernel"),
        .target(
            name: "PimpiKernelX86_64_V3",
            dependencies: ["PimpiKernel"],
            swiftSettings: x86_64_v3Flags
        ),
        .target(
            name: "PimpiKernelX86_64_V4",
            dependencies: ["PimpiKernel"],
            swiftSettings: x86_64_v4Flags
        ),
        // Everything pimpi does, behind a thin command-line front end; its
        // Options folder declares the command line (ArgumentParser).
        .target(
            name: "PimpiCore",
            dependencies: [
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                "CHwloc",
                "CMPIShim",
                "CPimpiBuild",
                "CPimpiCPU",
                "CPimpiSignals",
                "PimpiKernel",
                "PimpiKernelX86_64_V3",
                "PimpiKernelX86_64_V4",
            ],
            swiftSettings: testHooks
        ),
        // make stats: pimpi's stream, cut as the kernel cuts it, for dieharder
        // (bench/stream); not installed, not shipped.
        .executableTarget(
            name: "pimpi-stream",
            dependencies: ["PimpiKernel"],
            path: "bench/stream"
        ),
        .executableTarget(
            name: "pimpi",
            dependencies: [
                "PimpiCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Tests mirror PimpiCore's folders (Acceptance, Kernel, Launch, Options, Placement,
        // Report, Run, Testing, Utilities).
        .testTarget(
            name: "PimpiCoreTests",
            dependencies: [
                "PimpiCore",
                "PimpiKernel",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The generator, the hit test and the loop, against the scalar reference.
        .testTarget(
            name: "PimpiKernelTests",
            dependencies: ["PimpiKernel"]
        ),
        // Runs the built binary (PIMPI_BIN) under mpirun and Slurm as subprocesses.
        .testTarget(name: "PimpiIntegrationTests"),
    ]
)
