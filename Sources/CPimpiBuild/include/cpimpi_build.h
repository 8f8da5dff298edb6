#ifndef CPIMPI_BUILD_H
#define CPIMPI_BUILD_H

// The git commit this binary was built from ("unknown" outside a git tree),
// so that a report a site keeps names the code that made it. Defined in the
// .c file, which alone is compiled with the value Package.swift passes
// (PIMPI_BUILD_COMMIT, from the Makefile): a macro in this header would take
// the value of whatever imports it.
const char *cpimpi_build_commit(void);

#endif
