// The system MPI header; its directory comes from pkg-config (ompi-c), never from
// a path written here.
#include <mpi.h>
