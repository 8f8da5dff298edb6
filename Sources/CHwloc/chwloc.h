// The system's hwloc (the library Open MPI, MPICH and Slurm read the node's
// topology with); its directory comes from pkg-config, never from a path here.
#include <hwloc.h>
