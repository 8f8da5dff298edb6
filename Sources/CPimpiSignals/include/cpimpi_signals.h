#ifndef CPIMPI_SIGNALS_H
#define CPIMPI_SIGNALS_H

// SIGTERM (scancel, a time limit, mpirun stopping its job) and SIGINT (Ctrl-C)
// end pimpi at once with status 128 + the signal, and the process that speaks
// for the job (rank 0) says so in exactly one line; once the ranks have agreed
// on how the job ends (settle), with that status and no line.
//
// The handler is C because it must be async-signal-safe beyond doubt: it only
// uses atomics, clock_gettime(2), write(2), fstat(2), ioctl(2), nanosleep(2), pause(2) and
// _exit(2). Swift code in a signal handler could retain, release or allocate.

// Installs the handlers and unblocks both signals in the calling thread (and so
// in the threads it starts later). `speaks`: whether this process writes a line.
// The lines are copied; they should end with a newline.
void cpimpi_stop_signals_install(int speaks, const char *term_line, const char *int_line);

// After a process has said why it ends the job (a lost rank, a failure), the
// SIGTERM its launcher then sends every rank is part of that end, not a stop
// from outside: from here on the handlers end the process without a line.
void cpimpi_stop_signals_silence(void);

// Every rank has agreed to exit with `status` (non-zero): from here on SIGTERM
// and SIGINT end the process at once with that status and no line, since the
// launcher that sends them is ending a job already decided (a rank that exited
// first with the same status). Installs the handlers if install has not.
void cpimpi_stop_signals_settle(int status);

#endif
