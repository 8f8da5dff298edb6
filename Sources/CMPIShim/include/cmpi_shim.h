#ifndef CMPI_SHIM_H
#define CMPI_SHIM_H

// A thin layer between Swift and MPI. MPI's handles are macros (Open MPI's take
// the address of library globals, `&ompi_mpi_comm_world`; MPICH's cast integer
// constants), which Swift's importer cannot see, so each one gets a getter here. The calls are re-exported
// under one prefix so that every MPI call pimpi makes is listed in this file.
// No logic lives here: each function is one MPI call.
//
// Every wait pimpi makes for other ranks is a nonblocking call whose request
// it tests with a deadline (Launch/BoundedWait.swift); the few calls that
// have no nonblocking form (init, communicator and window set-up, finalize)
// run under a watchdog thread (Launch/Watchdog.swift).

#include <stddef.h>  // NULL, which Open MPI's mpi.h happens to bring and MPICH's does not
#include <mpi.h>

// --- Handles: macros in mpi.h, functions for Swift. ---

// The communicator of every rank that was launched together.
static inline MPI_Comm cmpi_comm_world(void) { return MPI_COMM_WORLD; }

// Hit and throw counts are exact 64-bit integers.
static inline MPI_Datatype cmpi_type_uint64(void) { return MPI_UINT64_T; }

// Timings travel as doubles.
static inline MPI_Datatype cmpi_type_double(void) { return MPI_DOUBLE; }

// Host names and CPU models travel as fixed-size byte buffers.
static inline MPI_Datatype cmpi_type_byte(void) { return MPI_BYTE; }

// Every rank must act on the thread support that the least-supported rank got.
static inline MPI_Op cmpi_op_min(void) { return MPI_MIN; }

// Hits are summed; a dynamic-schedule rank takes a chunk by adding one to a counter.
static inline MPI_Op cmpi_op_sum(void) { return MPI_SUM; }

// What a window handle holds before MPI_Win_allocate fills it in.
static inline MPI_Win cmpi_win_null(void) { return MPI_WIN_NULL; }

// No rank ever takes an exclusive lock on the counter's window, so its
// shared lock needs no messages to acquire.
static inline int cmpi_mode_nocheck(void) { return MPI_MODE_NOCHECK; }

// The shared counter's window needs no hints.
static inline MPI_Info cmpi_info_null(void) { return MPI_INFO_NULL; }

// Probes whose status nobody reads; mpi.h defines this as a null-pointer macro.
static inline MPI_Status *cmpi_status_ignore(void) { return MPI_STATUS_IGNORE; }

// A request as Swift holds it. MPI_Request is a pointer under Open MPI and an
// integer under MPICH, and Swift imports a pointer to either differently;
// inside a struct both look alike, and no Swift code reads the handle.
typedef struct {
    MPI_Request handle;
} cmpi_request;

// What a request holds before an operation is posted into it.
static inline cmpi_request cmpi_request_null(void) { return (cmpi_request){MPI_REQUEST_NULL}; }

// The colour that leaves a rank out of MPI_Comm_split's communicators.
static inline int cmpi_undefined(void) { return MPI_UNDEFINED; }

// A roll call's answers and the managed schedule's requests come from any rank.
static inline int cmpi_any_source(void) { return MPI_ANY_SOURCE; }

// Thread-support levels, ordered from SINGLE to MULTIPLE as the standard requires.
static inline int cmpi_thread_single(void) { return MPI_THREAD_SINGLE; }
static inline int cmpi_thread_funneled(void) { return MPI_THREAD_FUNNELED; }
static inline int cmpi_thread_serialized(void) { return MPI_THREAD_SERIALIZED; }
static inline int cmpi_thread_multiple(void) { return MPI_THREAD_MULTIPLE; }

// Creating the chunk counter's window is the one call whose failure pimpi
// handles itself (see cmpi_comm_set_errhandler).
static inline MPI_Errhandler cmpi_errors_return(void) { return MPI_ERRORS_RETURN; }
static inline MPI_Errhandler cmpi_errors_are_fatal(void) { return MPI_ERRORS_ARE_FATAL; }
static inline int cmpi_success(void) { return MPI_SUCCESS; }

// Buffer sizes for the two string queries below (macros, so exported as values).
static inline int cmpi_max_processor_name(void) { return MPI_MAX_PROCESSOR_NAME; }
static inline int cmpi_max_library_version_string(void) { return MPI_MAX_LIBRARY_VERSION_STRING; }

// --- Start and end. ---

// Only the main thread calls MPI; FUNNELED says so, and lets worker threads
// (and the watchdog, which never calls MPI) exist inside a rank without
// asking more of the library than it must give.
static inline int cmpi_init(int *provided) {
    return MPI_Init_thread(NULL, NULL, MPI_THREAD_FUNNELED, provided);
}

// Idempotence guard for the Swift side: MPI may be initialised once per process.
static inline int cmpi_initialized(int *flag) { return MPI_Initialized(flag); }

// Also guards against finalizing twice.
static inline int cmpi_finalized(int *flag) { return MPI_Finalized(flag); }

// Collective shutdown; every rank that initialised must call it.
static inline int cmpi_finalize(void) { return MPI_Finalize(); }

// Blocking, for the one place a nonblocking barrier does not do: right before
// MPI_Finalize, under its watchdog (MPICH over UCX 1.13's TCP, MPIWorld.finalize).
static inline int cmpi_barrier(MPI_Comm comm) { return MPI_Barrier(comm); }

// Ends every rank of the job, so that no peer is left waiting after a failure.
static inline int cmpi_abort(MPI_Comm comm, int errorcode) { return MPI_Abort(comm, errorcode); }

// --- Communicators. ---

// Which rank this process is.
static inline int cmpi_comm_rank(MPI_Comm comm, int *rank) { return MPI_Comm_rank(comm, rank); }

// How many ranks there are.
static inline int cmpi_comm_size(MPI_Comm comm, int *size) { return MPI_Comm_size(comm, size); }

// The roll call's own communicator: its pings can never match a message of the run.
static inline int cmpi_comm_dup(MPI_Comm comm, MPI_Comm *newcomm) { return MPI_Comm_dup(comm, newcomm); }

// --sweep: the first k ranks of the job, as a communicator of their own for one row.
static inline int cmpi_comm_split(MPI_Comm comm, int color, int key, MPI_Comm *newcomm) {
    return MPI_Comm_split(comm, color, key, newcomm);
}

// Window creation may fail where MPI has no one-sided transport between the
// ranks (Open MPI 4.1 over TCP); pimpi asks for an error code around that one
// call and falls back to rank 0 handing out chunks.
static inline int cmpi_comm_set_errhandler(MPI_Comm comm, MPI_Errhandler handler) {
    return MPI_Comm_set_errhandler(comm, handler);
}

// --- Nonblocking collectives: the root's work grows as log P, and a wait can end. ---

// The start: every rank has arrived before any clock starts.
static inline int cmpi_ibarrier(MPI_Comm comm, cmpi_request *request) { return MPI_Ibarrier(comm, &request->handle); }

// The exact 64-bit hit sum on the root. In a reduce the root only receives,
// so a root waiting for a lost rank sends nothing into a dead link (which
// would make the MPI end the job on a TCP timeout before pimpi can say why).
static inline int cmpi_ireduce(const void *sendbuf, void *recvbuf, int count, MPI_Datatype type, MPI_Op op, int root,
                               MPI_Comm comm, cmpi_request *request) {
    return MPI_Ireduce(sendbuf, recvbuf, count, type, op, root, comm, &request->handle);
}

// The thread support every rank got, and whether every rank got a window, on every rank.
static inline int cmpi_iallreduce(const void *sendbuf, void *recvbuf, int count, MPI_Datatype type, MPI_Op op,
                                  MPI_Comm comm, cmpi_request *request) {
    return MPI_Iallreduce(sendbuf, recvbuf, count, type, op, comm, &request->handle);
}

// Each rank's record (host, placement, timings) on the root, in rank order.
static inline int cmpi_igather(const void *sendbuf, int sendcount, MPI_Datatype sendtype, void *recvbuf,
                               int recvcount, MPI_Datatype recvtype, int root, MPI_Comm comm,
                               cmpi_request *request) {
    return MPI_Igather(sendbuf, sendcount, sendtype, recvbuf, recvcount, recvtype, root, comm, &request->handle);
}

// Where each rank pinned its threads, on the root: as many records as the rank
// has pinned threads, which differ from rank to rank.
static inline int cmpi_igatherv(const void *sendbuf, int sendcount, MPI_Datatype sendtype, void *recvbuf,
                                const int recvcounts[], const int displs[], MPI_Datatype recvtype, int root,
                                MPI_Comm comm, cmpi_request *request) {
    return MPI_Igatherv(sendbuf, sendcount, sendtype, recvbuf, recvcounts, displs, recvtype, root, comm,
                        &request->handle);
}

// The kernel the root chose for each rank's CPU model, and whether it may pin
// its threads, the same few values per rank.
static inline int cmpi_iscatter(const void *sendbuf, int sendcount, MPI_Datatype sendtype, void *recvbuf,
                                int recvcount, MPI_Datatype recvtype, int root, MPI_Comm comm,
                                cmpi_request *request) {
    return MPI_Iscatter(sendbuf, sendcount, sendtype, recvbuf, recvcount, recvtype, root, comm, &request->handle);
}

// The root's word (its host, a precision round's hits, the job's exit status) on every rank.
static inline int cmpi_ibcast(void *buffer, int count, MPI_Datatype type, int root, MPI_Comm comm,
                              cmpi_request *request) {
    return MPI_Ibcast(buffer, count, type, root, comm, &request->handle);
}

// Whether one request has completed, without blocking.
static inline int cmpi_test(cmpi_request *request, int *flag) {
    return MPI_Test(&request->handle, flag, MPI_STATUS_IGNORE);
}

// --- Point to point: the managed schedule and the roll call. ---

// A request for work, a chunk handed out, a roll call's ping and its answer.
static inline int cmpi_isend(const void *buf, int count, MPI_Datatype type, int dest, int tag, MPI_Comm comm,
                             cmpi_request *request) {
    return MPI_Isend(buf, count, type, dest, tag, comm, &request->handle);
}

// A managed-schedule worker's chunk, posted before it counts the one it has.
static inline int cmpi_irecv(void *buf, int count, MPI_Datatype type, int source, int tag, MPI_Comm comm,
                             cmpi_request *request) {
    return MPI_Irecv(buf, count, type, source, tag, comm, &request->handle);
}

// Whether a message is waiting (a ping, a request for work); also lets MPI
// make progress, so rank 0 serves software atomics between slices of work.
static inline int cmpi_iprobe(int source, int tag, MPI_Comm comm, int *flag, MPI_Status *status) {
    return MPI_Iprobe(source, tag, comm, flag, status);
}

// Receives a message that a probe has already found, so it never waits.
static inline int cmpi_recv(void *buf, int count, MPI_Datatype type, int source, int tag, MPI_Comm comm,
                            MPI_Status *status) {
    return MPI_Recv(buf, count, type, source, tag, comm, status);
}

// A roll call's sends go from buffers that never change or go away, so they
// need no completion check.
static inline int cmpi_request_free(cmpi_request *request) { return MPI_Request_free(&request->handle); }

// --- The dynamic schedule's chunk counter: one word at rank 0, MPI-3 one-sided atomics. ---

// MPI allocates the word, so that any one-sided transport can serve it (Open
// MPI 4.1 has none for MPI_Win_create's memory on one rank, or over TCP).
static inline int cmpi_win_allocate(MPI_Aint size, int disp_unit, MPI_Info info, MPI_Comm comm, void *baseptr,
                                    MPI_Win *win) {
    return MPI_Win_allocate(size, disp_unit, info, comm, baseptr, win);
}

// Makes rank 0's own store of the counter's first value visible to the
// others' atomics (the start barrier follows: MPI-3's pattern for that).
static inline int cmpi_win_sync(MPI_Win win) { return MPI_Win_sync(win); }

// Passive target: each rank opens access once for the whole job, and the
// target (rank 0) takes no part in the others' accesses.
static inline int cmpi_win_lock_all(int assert_flags, MPI_Win win) { return MPI_Win_lock_all(assert_flags, win); }

// Closes that access at the end of the job.
static inline int cmpi_win_unlock_all(MPI_Win win) { return MPI_Win_unlock_all(win); }

// Releases the counter at the end of the job (collective).
static inline int cmpi_win_free(MPI_Win *win) { return MPI_Win_free(win); }

// Takes a chunk: adds one to the counter and returns its old value,
// atomically, with a request that can be tested against a deadline (a
// flush would wait as long as the target lets it).
static inline int cmpi_rget_accumulate(const void *origin, void *result, MPI_Datatype type, int target_rank,
                                       MPI_Aint target_disp, MPI_Op op, MPI_Win win, cmpi_request *request) {
    return MPI_Rget_accumulate(origin, 1, type, result, 1, type, target_rank, target_disp, 1, type, op, win,
                               &request->handle);
}

// --- Facts. ---

// Wall-clock seconds from MPI's own high-resolution timer.
static inline double cmpi_wtime(void) { return MPI_Wtime(); }

// The node this rank runs on.
static inline int cmpi_get_processor_name(char *name, int *resultlen) {
    return MPI_Get_processor_name(name, resultlen);
}

// The MPI that mpi.h says this binary was built for (the library it runs with
// says its own name above), for `pimpi --version`: a tarball's binary runs
// only with that MPI family's library.
#define CMPI_STRING_(x) #x
#define CMPI_STRING(x) CMPI_STRING_(x)
#if defined(OMPI_MAJOR_VERSION)
#define CMPI_BUILT_FOR "Open MPI " CMPI_STRING(OMPI_MAJOR_VERSION) "." CMPI_STRING(OMPI_MINOR_VERSION) "." \
    CMPI_STRING(OMPI_RELEASE_VERSION)
#elif defined(I_MPI_VERSION)
#define CMPI_BUILT_FOR "Intel MPI " I_MPI_VERSION
#elif defined(MVAPICH2_VERSION)
#define CMPI_BUILT_FOR "MVAPICH " MVAPICH2_VERSION
#elif defined(MPICH_VERSION)
#define CMPI_BUILT_FOR "MPICH " MPICH_VERSION
#else
#define CMPI_BUILT_FOR "an MPI " CMPI_STRING(MPI_VERSION) "." CMPI_STRING(MPI_SUBVERSION)
#endif
static inline const char *cmpi_built_for(void) { return CMPI_BUILT_FOR; }

// The MPI library's own description of itself, for the report's context.
static inline int cmpi_get_library_version(char *version, int *resultlen) {
    return MPI_Get_library_version(version, resultlen);
}

#endif
