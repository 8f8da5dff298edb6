// Every wrapper is `static inline` in the header; this file exists because a C
// target needs one translation unit, and compiling the header here checks it.
#include "cmpi_shim.h"

// A build asked for one MPI family must never carry another's library under
// its name, whichever way the flags were found (pkg-config, the compiler
// wrapper, a site's module): mpi.h's own version macros decide. MPICH's
// derivatives (Intel MPI, MVAPICH, Cray MPICH) keep MPICH_VERSION.
#if defined(CMPI_EXPECT_OPEN_MPI) && !defined(OMPI_MAJOR_VERSION)
#error "pimpi: asked for Open MPI (MPI=openmpi), but this mpi.h is another MPI's: install libopenmpi-dev or load an Open MPI module"
#endif
#if defined(CMPI_EXPECT_MPICH_FAMILY) && !defined(MPICH_VERSION)
#error "pimpi: asked for an MPICH-family MPI (MPI=mpich), but this mpi.h is not one: install libmpich-dev or load an MPICH-family module"
#endif
