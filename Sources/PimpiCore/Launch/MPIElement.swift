import CMPIShim

/// A value MPI moves as one of its own types: what the generic collectives
/// (`MPICommunicator`) take and give.
protocol MPIElement {
    /// Its MPI datatype: an integer constant under MPICH, a pointer under Open MPI.
    static var mpiType: MPI_Datatype! { get }
    static var zero: Self { get }
}

/// Hits, throws, placements, and doubles carried bit for bit.
extension UInt64: MPIElement {
    static var mpiType: MPI_Datatype! { cmpi_type_uint64() }
}

/// Timings.
extension Double: MPIElement {
    static var mpiType: MPI_Datatype! { cmpi_type_double() }
}

/// Text in fixed-width slots: host names, CPU models.
extension UInt8: MPIElement {
    static var mpiType: MPI_Datatype! { cmpi_type_byte() }
}
