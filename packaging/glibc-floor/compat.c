/* What the static Swift runtime and Foundation need from glibc beyond 2.28,
 * for `make dist`'s binary: linked with `--wrap=SYMBOL` for each symbol here,
 * so that their calls land in these functions and the binary asks the
 * dynamic loader for no version newer than RHEL 8's glibc 2.28. Built
 * against the sysroot of packaging/glibc-floor/sysroot.sh (glibc 2.31), and
 * into `make dist`'s binary only.
 */
#define _GNU_SOURCE /* RTLD_DEFAULT */
#include <dlfcn.h>
#include <errno.h>
#include <spawn.h>

/* glibc 2.29 gave exp, exp2, log, log2 and pow new implementations under a
 * new version and kept the old ones as GLIBC_2.2.5: the same functions, which
 * differ at most in errno for SVID error handling that nothing here asks for. */
#define OLD_LIBM(name)                                                         \
    double name##_glibc_2_2_5(double);                                         \
    __asm__(".symver " #name "_glibc_2_2_5, " #name "@GLIBC_2.2.5");          \
    double __wrap_##name(double x) { return name##_glibc_2_2_5(x); }
OLD_LIBM(exp)
OLD_LIBM(exp2)
OLD_LIBM(log)
OLD_LIBM(log2)

double pow_glibc_2_2_5(double, double);
__asm__(".symver pow_glibc_2_2_5, pow@GLIBC_2.2.5");
double __wrap_pow(double x, double y) { return pow_glibc_2_2_5(x, y); }

/* Foundation's Process sets a child's directory with this, which glibc 2.29
 * added: looked up where it runs, and ENOSYS before 2.29, which Process
 * reports as a failure to launch. (pimpi starts no processes.) */
int __wrap_posix_spawn_file_actions_addchdir_np(posix_spawn_file_actions_t *actions, const char *path) {
    int (*addchdir)(posix_spawn_file_actions_t *, const char *) =
        (int (*)(posix_spawn_file_actions_t *, const char *))dlsym(RTLD_DEFAULT, "posix_spawn_file_actions_addchdir_np");
    return addchdir ? addchdir(actions, path) : ENOSYS;
}

/* GCC 11's libstdc++ added this, and the static Swift runtime calls it; the
 * sysroot's (GCC 10) lacks it. It throws std::bad_array_new_length, a
 * std::bad_alloc: throwing the latter is what GCC 10's own code does there. */
void _ZSt17__throw_bad_allocv(void) __attribute__((noreturn));
void _ZSt28__throw_bad_array_new_lengthv(void) __attribute__((noreturn));
void _ZSt28__throw_bad_array_new_lengthv(void) { _ZSt17__throw_bad_allocv(); }
