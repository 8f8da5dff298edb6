#ifndef CMPI_SHIM_H
#define CMPI_SHIM_H

// A thin layer between Swift and MPI. MPI's handles are macros (Open MPI's take
// the address of library globals, `&ompi_mpi_comm_world`; MPICH's cast integer
// constants), which Swift's importer cannot see, so each one gets a getter here. The calls are re-exported
// under one prefix so that every MPI call pimpi makes is listed in this file.
// No logic lives here: each function is one MPI call.

#include <stddef.h>  // NULL, which Open MPI's mpi.h happens to bring and MPICH's does not
#include <mpi.h>

// --- Handles: macros in mpi.h, functions for Swift. ---

// The communicator of every rank that was launched together.
static inline MPI_Comm cmpi_comm_world(void) { return MPI_COMM_WORLD; }

// What MPI_Comm_split gives a rank left out of every new communicator.
static inline MPI_Comm cmpi_comm_null(void) { return MPI_COMM_NULL; }

// Hit and throw counts are exact 64-bit integers.
static inline MPI_Datatype cmpi_type_uint64(void) { return MPI_UINT64_T; }

// Per-rank timings.
static inline MPI_Datatype cmpi_type_double(void) { return MPI_DOUBLE; }

// Processor names travel to the root as fixed-size character buffers.
static inline MPI_Datatype cmpi_type_char(void) { return MPI_CHAR; }

// Every rank must act on the thread support that the least-supported rank got.
static inline MPI_Op cmpi_op_min(void) { return MPI_MIN; }

// Dynamic scheduling: a worker's request may come from any rank.
static inline int cmpi_any_source(void) { return MPI_ANY_SOURCE; }

// Replies need no status; mpi.h defines this as a null-pointer macro.
static inline MPI_Status *cmpi_status_ignore(void) { return MPI_STATUS_IGNORE; }

// Rank 0 learns which results arrived from the indices, not from statuses.
static inline MPI_Status *cmpi_statuses_ignore(void) { return MPI_STATUSES_IGNORE; }

// What a request slot holds before a receive is posted into it.
static inline MPI_Request cmpi_request_null(void) { return MPI_REQUEST_NULL; }

// MPI_Testsome's count once every request in the list has completed; also the
// colour that leaves a rank out of MPI_Comm_split's communicators.
static inline int cmpi_undefined(void) { return MPI_UNDEFINED; }

// Thread-support levels, ordered from SINGLE to MULTIPLE as the standard requires.
static inline int cmpi_thread_single(void) { return MPI_THREAD_SINGLE; }
static inline int cmpi_thread_funneled(void) { return MPI_THREAD_FUNNELED; }
static inline int cmpi_thread_serialized(void) { return MPI_THREAD_SERIALIZED; }
static inline int cmpi_thread_multiple(void) { return MPI_THREAD_MULTIPLE; }

// --- Calls. ---

// Only the main thread calls MPI; FUNNELED says so, and lets worker threads
// exist inside a rank without asking more of the library than it must give.
static inline int cmpi_init(int *provided) {
    return MPI_Init_thread(NULL, NULL, MPI_THREAD_FUNNELED, provided);
}

// Idempotence guard for the Swift side: MPI may be initialised once per process.
static inline int cmpi_initialized(int *flag) { return MPI_Initialized(flag); }

// Also guards against finalizing twice.
static inline int cmpi_finalized(int *flag) { return MPI_Finalized(flag); }

// Collective shutdown; every rank that initialised must call it.
static inline int cmpi_finalize(void) { return MPI_Finalize(); }

// Which rank this process is.
static inline int cmpi_comm_rank(MPI_Comm comm, int *rank) { return MPI_Comm_rank(comm, rank); }

// How many ranks there are.
static inline int cmpi_comm_size(MPI_Comm comm, int *size) { return MPI_Comm_size(comm, size); }

// Lines every rank up before the clock starts.
static inline int cmpi_barrier(MPI_Comm comm) { return MPI_Barrier(comm); }

// --sweep: the ranks outside a row wait in a barrier they test now and then
// instead of one MPI may spin in, so they leave their cores to the row.
static inline int cmpi_ibarrier(MPI_Comm comm, MPI_Request *request) { return MPI_Ibarrier(comm, request); }

// Whether one request (the barrier above) has completed, without blocking.
static inline int cmpi_test(MPI_Request *request, int *flag, MPI_Status *status) {
    return MPI_Test(request, flag, status);
}

// --sweep: the first k ranks of the job, as a communicator of their own for one row.
static inline int cmpi_comm_split(MPI_Comm comm, int color, int key, MPI_Comm *newcomm) {
    return MPI_Comm_split(comm, color, key, newcomm);
}

// A row's communicator is released when the row is done.
static inline int cmpi_comm_free(MPI_Comm *comm) { return MPI_Comm_free(comm); }

// Every rank must act on the same thread support (the lowest any rank got).
static inline int cmpi_allreduce(const void *sendbuf, void *recvbuf, int count,
                                 MPI_Datatype type, MPI_Op op, MPI_Comm comm) {
    return MPI_Allreduce(sendbuf, recvbuf, count, type, op, comm);
}

// Dynamic scheduling: a worker asks rank 0 for work, rank 0 answers with a chunk.
static inline int cmpi_send(const void *buf, int count, MPI_Datatype type, int dest, int tag,
                            MPI_Comm comm) {
    return MPI_Send(buf, count, type, dest, tag, comm);
}

// Dynamic scheduling: the matching receive; `status` tells rank 0 who asked.
static inline int cmpi_recv(void *buf, int count, MPI_Datatype type, int source, int tag,
                            MPI_Comm comm, MPI_Status *status) {
    return MPI_Recv(buf, count, type, source, tag, comm, status);
}

// Rank 0 posts a receive for each rank's result, so that it can stop waiting
// for a rank that never reports (a lost node) instead of blocking in a reduce.
static inline int cmpi_irecv(void *buf, int count, MPI_Datatype type, int source, int tag,
                             MPI_Comm comm, MPI_Request *request) {
    return MPI_Irecv(buf, count, type, source, tag, comm, request);
}

// Which of the posted receives have completed, without blocking.
static inline int cmpi_testsome(int incount, MPI_Request requests[], int *outcount, int indices[],
                                MPI_Status statuses[]) {
    return MPI_Testsome(incount, requests, outcount, indices, statuses);
}

// Dynamic scheduling: rank 0 checks for waiting requests between slices of its own work.
static inline int cmpi_iprobe(int source, int tag, MPI_Comm comm, int *flag, MPI_Status *status) {
    return MPI_Iprobe(source, tag, comm, flag, status);
}

// Collects each rank's processor name, placement and timings on the root.
static inline int cmpi_gather(const void *sendbuf, int sendcount, MPI_Datatype sendtype,
                              void *recvbuf, int recvcount, MPI_Datatype recvtype,
                              int root, MPI_Comm comm) {
    return MPI_Gather(sendbuf, sendcount, sendtype, recvbuf, recvcount, recvtype, root, comm);
}

// --fail-on-warning: the root's verdict on the placement reaches every rank, so
// all exit with the same status.
static inline int cmpi_bcast(void *buffer, int count, MPI_Datatype type, int root, MPI_Comm comm) {
    return MPI_Bcast(buffer, count, type, root, comm);
}

// Wall-clock seconds from MPI's own high-resolution timer.
static inline double cmpi_wtime(void) { return MPI_Wtime(); }

// Ends every rank of the job, so that no peer is left waiting after a failure.
static inline int cmpi_abort(MPI_Comm comm, int errorcode) { return MPI_Abort(comm, errorcode); }

// The node this rank runs on.
static inline int cmpi_get_processor_name(char *name, int *resultlen) {
    return MPI_Get_processor_name(name, resultlen);
}

// The MPI library's own description of itself, for the report's context.
static inline int cmpi_get_library_version(char *version, int *resultlen) {
    return MPI_Get_library_version(version, resultlen);
}

// Buffer sizes for the two string queries above (macros, so exported as values).
static inline int cmpi_max_processor_name(void) { return MPI_MAX_PROCESSOR_NAME; }
static inline int cmpi_max_library_version_string(void) { return MPI_MAX_LIBRARY_VERSION_STRING; }

#endif
