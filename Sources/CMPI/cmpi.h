// The system MPI header (Open MPI's, MPICH's or a derivative's); its directory
// comes from pkg-config or the MPI compiler wrapper, never from a path written here.
#include <mpi.h>
