import CMPIShim

/// A nonblocking operation in flight, as code outside the MPI layer holds
/// it: made by `MPICommunicator`'s posts, completed by `MPIWorld.complete`.
struct MPIRequest {
    var handle = cmpi_request_null()
}
