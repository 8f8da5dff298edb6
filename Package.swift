// swift-tools-version:6.0
import PackageDescription

// The kernel is compiled once per x86-64 level and picked at run time (see
// KernelVariant), so one binary runs everywhere and still uses AVX-512 where it
// exists. `-target-cpu` takes CPU names, not level names: haswell has exactly
// what x86-64-v3 requires, skylake-avx512 what x86-64-v4 requires. Elsewhere
// (e.g. aarch64) these modules build for the default target and are never chosen.
#if arch(x86_64)
let x86_64_v3Flags: [SwiftSetting] = [.unsafeFlags(["-target-cpu", "haswell"])]
let x86_64_v4Flags: [SwiftSetting] = [.unsafeFlags(["-target-cpu", "skylake-avx512"])]
#else
let x86_64_v3Flags: [SwiftSetting] = []
let x86_64_v4Flags: [SwiftSetting] = []
#endif

let package = Package(
    name: "pimpi",
    products: [
        .executable(name: "pimpi", targets: ["pimpi"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // mpi.h and libmpi come from the system's MPI through pkg-config, so a
        // cluster's `module load openmpi` (which sets PKG_CONFIG_PATH) is honoured.
        .systemLibrary(
            name: "CMPI",
            pkgConfig: "ompi-c",
            providers: [.apt(["libopenmpi-dev"])]
        ),
        // Swift cannot import OpenMPI's handle macros (MPI_COMM_WORLD, MPI_SUM, ...);
        // this target re-exports the few MPI calls pimpi makes as plain functions.
        .target(
            name: "CMPIShim",
            dependencies: ["CMPI"]
        ),
        // CPU feature checks for choosing a kernel variant.
        .target(name: "CPimpiCPU"),
        // The SIGTERM/SIGINT handler, in C so that it is plainly async-signal-safe.
        .target(name: "CPimpiSignals"),
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
        // Everything pimpi does, behind a thin command-line front end.
        .target(
            name: "PimpiCore",
            dependencies: [
                "CMPIShim",
                "CPimpiCPU",
                "CPimpiSignals",
                "PimpiKernel",
                "PimpiKernelX86_64_V3",
                "PimpiKernelX86_64_V4",
            ]
        ),
        .executableTarget(
            name: "pimpi",
            dependencies: [
                "PimpiCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "PimpiCoreTests",
            dependencies: ["PimpiCore", "PimpiKernel"]
        ),
        // Runs the built binary (PIMPI_BIN) under mpirun and Slurm as subprocesses.
        .testTarget(name: "PimpiIntegrationTests"),
    ]
)
