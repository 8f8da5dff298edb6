/// A type of each kernel module's own (baseline, x86-64-v3, x86-64-v4), passed
/// to the generic loop so that every copy of it the optimiser keeps is named
/// after the module that compiled it for its CPU (see `HitCounting.countHits`).
public protocol KernelTarget {}

/// The baseline build's own target type.
public enum BaselineTarget: KernelTarget {}
