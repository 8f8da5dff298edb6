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

// Dynamic scheduling: a rank takes the next chunk by adding one to the shared counter.
static inline MPI_Op cmpi_op_sum(void) { return MPI_SUM; }

// What a window handle holds before MPI_Win_create fills it in.
static inline MPI_Win cmpi_win_null(void) { return MPI_WIN_NULL; }

// No rank ever takes an exclusive lock on the counter's window, so its
// shared lock needs no messages to acquire.
static inline int cmpi_mode_nocheck(void) { return MPI_MODE_NOCHECK; }

// The shared counter's window needs no hints.
static inline MPI_Info cmpi_info_null(void) { return MPI_INFO_NULL; }

// The sweep's barrier test and the progress probe need no status; mpi.h defines this as a null-pointer macro.
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

// Rank 0's result collection: each rank sends its hits point-to-point (and the
// managed schedule's requests and chunks).
static inline int cmpi_send(const void *buf, int count, MPI_Datatype type, int dest, int tag,
                            MPI_Comm comm) {
    return MPI_Send(buf, count, type, dest, tag, comm);
}

// Dynamic scheduling: the chunk counter, one 64-bit word at rank 0 that every
// rank reaches with one-sided atomics (MPI-3 RMA) instead of asking rank 0.
// MPI allocates it, so that any one-sided transport can serve it (Open MPI 4.1
// has none for MPI_Win_create's memory on one rank, or over TCP).
static inline int cmpi_win_allocate(MPI_Aint size, int disp_unit, MPI_Info info, MPI_Comm comm, void *baseptr,
                                    MPI_Win *win) {
    return MPI_Win_allocate(size, disp_unit, info, comm, baseptr, win);
}

// Makes rank 0's own store of the counter's first value visible to the
// others' atomics (with a barrier after it: MPI-3's pattern for that).
static inline int cmpi_win_sync(MPI_Win win) { return MPI_Win_sync(win); }

// Passive target: each rank opens access to every window once per round, and
// the target (rank 0) takes no part in the others' accesses.
static inline int cmpi_win_lock_all(int assert_flags, MPI_Win win) { return MPI_Win_lock_all(assert_flags, win); }

// Closes that access once a rank has taken its last chunk.
static inline int cmpi_win_unlock_all(MPI_Win win) { return MPI_Win_unlock_all(win); }

// Takes a chunk: adds one to the counter and returns its old value, atomically.
static inline int cmpi_fetch_and_op(const void *origin, void *result, MPI_Datatype type, int target_rank,
                                    MPI_Aint target_disp, MPI_Op op, MPI_Win win) {
    return MPI_Fetch_and_op(origin, result, type, target_rank, target_disp, op, win);
}

// Completes the fetch above, so its result can be read.
static inline int cmpi_win_flush(int rank, MPI_Win win) { return MPI_Win_flush(rank, win); }

// Rank 0 calls into MPI between slices of its own counting, so that where
// atomics are done in software (MPICH over UCX, TCP) the others' are served:
// a probe for a message no rank sends makes MPI progress and receives nothing.
static inline int cmpi_iprobe(int source, int tag, MPI_Comm comm, int *flag, MPI_Status *status) {
    return MPI_Iprobe(source, tag, comm, flag, status);
}

// A probe for a message from any rank; the managed schedule's requests come from any rank.
static inline int cmpi_any_source(void) { return MPI_ANY_SOURCE; }

// The managed schedule (where MPI has no one-sided atomics): rank 0 receives a
// rank's request for work, the rank receives its chunk.
static inline int cmpi_recv(void *buf, int count, MPI_Datatype type, int source, int tag,
                            MPI_Comm comm, MPI_Status *status) {
    return MPI_Recv(buf, count, type, source, tag, comm, status);
}

// Creating the chunk counter's window is the one call whose failure pimpi
// handles itself: an MPI without one-sided atomics between these ranks
// (Open MPI 4.1 over TCP) refuses it, and the managed schedule takes over.
static inline int cmpi_comm_set_errhandler(MPI_Comm comm, MPI_Errhandler handler) {
    return MPI_Comm_set_errhandler(comm, handler);
}
static inline MPI_Errhandler cmpi_errors_return(void) { return MPI_ERRORS_RETURN; }
static inline MPI_Errhandler cmpi_errors_are_fatal(void) { return MPI_ERRORS_ARE_FATAL; }
static inline int cmpi_success(void) { return MPI_SUCCESS; }

// Releases the counter after the round (collective).
static inline int cmpi_win_free(MPI_Win *win) { return MPI_Win_free(win); }

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
