#include "cpimpi_signals.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static atomic_int speaks;
static char *term_line;
static char *int_line;
// Set by the first handler to run. Several signals can arrive (slurmstepd and
// mpirun both send SIGTERM; SIGINT may follow) and each may run on a different
// thread (MPI's progress threads, pimpi's workers), so claiming the right to
// speak must be one atomic step, or the line could be written twice.
static atomic_int stopping;
// The status every rank has agreed to exit with (0: none yet). Once it is set,
// a SIGTERM is the launcher ending the late ranks of a job that is already
// over: srun --kill-on-bad-exit and mpirun end the others as soon as the first
// rank exits non-zero, even with that same status, while they are still on
// their way out. They exit with the agreed status, not 128 + the signal.
static atomic_int settled_status;

// A process that was stopped (SIGSTOP: a node hung on a file system) and is
// then continued and terminated by its launcher has not been asked to stop
// from outside: another rank has already said in its own line that this one
// was gone. A thread of its own ticks this clock once a second; a tick that
// comes long after the last one, or a handler that runs long after it, means
// the process was frozen, and its handler then ends it without a line. (Four
// ticks a second made MPI_Init a third slower with 128 ranks per core, where
// every wake-up takes a core from a rank that spins.)
static atomic_llong last_tick_ns;
static atomic_llong thawed_at_ns;
static const double tick_seconds = 1.0;
static const long long frozen_ns = 3000000000LL;  // three ticks: a thread waits far less, even on a crowded core
static const long long thaw_memory_ns = 10000000000LL;

static long long now_ns(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (long long)now.tv_sec * 1000000000LL + now.tv_nsec;
}

static void sleep_seconds(double seconds);

static void *tick(void *unused) {
    (void)unused;
    for (;;) {
        long long now = now_ns();
        if (now - atomic_exchange(&last_tick_ns, now) > frozen_ns) atomic_store(&thawed_at_ns, now);
        sleep_seconds(tick_seconds);
    }
    return NULL;
}

// Whether the process has just come back from being stopped.
static int was_frozen(void) {
    long long now = now_ns();
    long long thawed = atomic_load(&thawed_at_ns);
    return now - atomic_load(&last_tick_ns) > frozen_ns || (thawed != 0 && now - thawed < thaw_memory_ns);
}

static void sleep_seconds(double seconds) {
    struct timespec wait = {(time_t)seconds, (long)((seconds - (time_t)seconds) * 1e9)};
    struct timespec left;
    while (nanosleep(&wait, &left) != 0 && errno == EINTR) wait = left;
}

static void write_line(const char *line) {
    size_t length = strlen(line);
    while (length > 0) {
        ssize_t written = write(STDERR_FILENO, line, length);
        if (written < 0 && errno == EINTR) continue;
        if (written <= 0) return;
        line += written;
        length -= (size_t)written;
    }
}

// Under mpirun, stderr is a pipe that mpirun drains and forwards. When the
// ranks are signalled together with mpirun (scancel of a batch job signals every
// process of the job), mpirun exits as soon as the ranks have, without reading
// what is still in the pipe. So the speaker stays until its line has left the
// pipe, for at most a second.
static void wait_until_read(void) {
    struct stat status;
    if (fstat(STDERR_FILENO, &status) != 0 || !S_ISFIFO(status.st_mode)) return;
    for (int tries = 0; tries < 100; tries++) {
        int unread = 0;
        if (ioctl(STDERR_FILENO, FIONREAD, &unread) != 0 || unread == 0) return;
        sleep_seconds(0.01);
    }
}

static void on_stop(int signal_number) {
    if (atomic_exchange(&stopping, 1) != 0) {
        // Another thread is already stopping the process; _exit ends this one too.
        for (;;) pause();
    }
    int settled = atomic_load(&settled_status);
    if (settled != 0) _exit(settled);
    if (atomic_load(&speaks) && !was_frozen()) {
        write_line(signal_number == SIGINT ? int_line : term_line);
        wait_until_read();
    } else {
        // Launchers kill the whole job as soon as one signalled rank has exited
        // (mpirun's SIGKILL, srun's step end). On a loaded node rank 0 may not
        // yet have run this handler by then, and its line would be lost; so the
        // silent ranks leave the first exit to it. One second is mpirun's own
        // SIGTERM-to-SIGKILL wait.
        sleep_seconds(1);
    }
    _exit(128 + signal_number);
}

void cpimpi_stop_signals_silence(void) { atomic_store(&speaks, 0); }

static void handle_stop_signals(void);

void cpimpi_stop_signals_settle(int status) {
    atomic_store(&settled_status, status);
    atomic_store(&speaks, 0);
    // Also before install, for a usage error found before the job starts.
    handle_stop_signals();
}

void cpimpi_stop_signals_install(int speaks_for_job, const char *term, const char *interrupt) {
    atomic_store(&speaks, speaks_for_job);

    term_line = strdup(term);
    int_line = strdup(interrupt);
    handle_stop_signals();

    atomic_store(&last_tick_ns, now_ns());
    pthread_t ticker;
    if (pthread_create(&ticker, NULL, tick, NULL) == 0) pthread_detach(ticker);
}

static void handle_stop_signals(void) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_stop;
    // While one handler runs on a thread, the other signal must not interrupt
    // it on that same thread: it would wait in pause() for an exit that never comes.
    sigemptyset(&action.sa_mask);
    sigaddset(&action.sa_mask, SIGTERM);
    sigaddset(&action.sa_mask, SIGINT);
    sigaction(SIGTERM, &action, NULL);
    sigaction(SIGINT, &action, NULL);

    // A parent may have started pimpi with these blocked (test runners and some
    // daemons do; the mask is inherited): a blocked stop request would sit
    // pending while the job runs on.
    sigset_t stop_set;
    sigemptyset(&stop_set);
    sigaddset(&stop_set, SIGTERM);
    sigaddset(&stop_set, SIGINT);
    pthread_sigmask(SIG_UNBLOCK, &stop_set, NULL);
}
