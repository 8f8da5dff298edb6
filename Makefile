# pimpi: build, run, test and install. `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := build

# Overridable settings.
PREFIX ?= /usr/local
NP ?= $(shell nproc)
THROWS ?= 1e10
ARGS ?=
SWIFT ?= swift
# Where the Swift toolchain's binaries are when they are not on PATH already
# (here /opt/swift); a site's `module load swift` puts them on PATH instead.
SWIFT_TOOLCHAIN_BIN ?= /opt/swift/usr/bin

export PATH := $(PATH):$(SWIFT_TOOLCHAIN_BIN)

# Which MPI to build against: `openmpi` (the default) or `mpich`, which also
# covers MPICH's family (Intel MPI, MVAPICH, Cray MPICH: see docs/mpi.md).
# Each builds in a directory of its own, so both can be built side by side:
#   make                 ->  .build/release/pimpi        (Open MPI)
#   make MPI=mpich       ->  .build-mpich/release/pimpi  (MPICH)
# MPI_PKG_CONFIG names the .pc file Package.swift asks pkg-config for; where a
# site's MPI has none, the compiler wrapper's flags are used instead
# (MPI_WRAPPER_FLAGS: a command that prints them, e.g. `mpiicc -show` or
# `cc --cray-print-opts=all`). MPIRUN is the launcher for `make run` and
# `make bench`; MPICC compiles the C MPI baseline. Never a hard-coded path.
MPI ?= openmpi
ifeq ($(MPI),openmpi)
MPI_PKG_CONFIG ?= ompi-c
MPICC ?= $(firstword $(shell command -v mpicc.openmpi mpicc 2>/dev/null) mpicc)
MPI_WRAPPER_FLAGS ?= $(MPICC) --showme
MPIRUN ?= $(firstword $(shell command -v mpirun.openmpi mpirun 2>/dev/null) mpirun)
MPI_PACKAGES := libopenmpi-dev openmpi-bin pkgconf
MPI_FAMILY_NAME := Open MPI
MPI_MODULE_KIND := Open MPI
MPI_RUNTIME_PACKAGES := openmpi-bin
SCRATCH := .build
else ifeq ($(MPI),mpich)
MPI_PKG_CONFIG ?= mpich
MPICC ?= $(firstword $(shell command -v mpicc.mpich mpicc 2>/dev/null) mpicc)
MPI_WRAPPER_FLAGS ?= $(MPICC) -show
MPIRUN ?= $(firstword $(shell command -v mpiexec.mpich mpiexec 2>/dev/null) mpiexec)
MPI_PACKAGES := libmpich-dev mpich pkgconf
MPI_FAMILY_NAME := an MPICH-family MPI
MPI_MODULE_KIND := MPICH-family
MPI_RUNTIME_PACKAGES := mpich
SCRATCH := .build-mpich
else
$(error MPI must be openmpi or mpich, not '$(MPI)')
endif
export PIMPI_MPI_PKG_CONFIG := $(MPI_PKG_CONFIG)
# Package.swift has the C shim check mpi.h's family at compile time too.
export PIMPI_MPI_FAMILY := $(MPI)
# The commit reports name (`pimpi_commit`), "+dirty" with uncommitted changes
# to tracked files; empty outside a git tree (a release tarball's source).
export PIMPI_BUILD_COMMIT := $(shell git rev-parse --short=12 HEAD 2>/dev/null)$(shell \
  git rev-parse --git-dir >/dev/null 2>&1 && ! git diff --quiet HEAD 2>/dev/null && echo +dirty)

# A release build with the Swift runtime linked in, so the binary runs on compute
# nodes that have MPI but no Swift toolchain (`make install`, then `srun pimpi`).
SWIFT_RELEASE := -c release --static-swift-stdlib --scratch-path $(SCRATCH)
BIN := $(SCRATCH)/release/pimpi
# The same build with pimpi's test hooks (Package.swift), for the integration
# tests' injected faults; never installed.
HOOKS_BIN := $(SCRATCH)/test-hooks/pimpi

# Whether MPI_PKG_CONFIG names a .pc file here ("yes" or nothing), asked when
# used: `make` may have just installed the MPI.
MPI_HAS_PC = $(shell pkg-config --exists $(MPI_PKG_CONFIG) 2>/dev/null && echo yes)
# Without a .pc file: the wrapper's -I, -L, -l and -Wl, words, handed to swiftc,
# clang and the linker. With one, Package.swift's pkgConfig does it all.
comma := ,
wrapper_word = $(if $(filter -I%,$(1)),-Xcc $(1),\
    $(if $(filter -L%,$(1)),-Xlinker $(1) -Xlinker -rpath -Xlinker $(patsubst -L%,%,$(1)),\
    $(if $(filter -l%,$(1)),-Xlinker $(1),\
    $(if $(filter -Wl$(comma)%,$(1)),$(foreach p,$(subst $(comma), ,$(patsubst -Wl$(comma)%,%,$(1))),-Xlinker $(p))))))
MPI_FLAGS = $(if $(MPI_HAS_PC),,\
    $(foreach w,$(shell $(MPI_WRAPPER_FLAGS) 2>/dev/null),$(call wrapper_word,$(w))))

# Open MPI refuses to run as root unless told it may; only then is it told.
# (MPICH's hydra runs as root without being asked.)
ifeq ($(shell id -u),0)
export OMPI_ALLOW_RUN_AS_ROOT := 1
export OMPI_ALLOW_RUN_AS_ROOT_CONFIRM := 1
endif

# Open MPI 5.0's TCP transport prints "Unable to find reachable pairing between
# local and remote interfaces" once per rank on hosts with both IPv4 and IPv6
# addresses (open-mpi/ompi#14079; seen on Debian 13). IPv4 it is, unless set.
export OMPI_MCA_btl_tcp_disable_family ?= 6

# More ranks than cores needs --oversubscribe under Open MPI; hydra just starts them.
OVERSUBSCRIBE = $(if $(filter openmpi,$(MPI)),$(if $(shell [ $(NP) -gt $$(nproc) ] && echo yes),--oversubscribe))

# $(call require,CHECK,PACKAGES[,HINT]): run CHECK; if it fails while some of
# the Debian PACKAGES are missing, install them with apt-get when root, else
# name them and stop; HINT is added where neither works. (With all of them
# installed, installing cannot help: a guard after the call says what is
# wrong instead.)
define require
	@if ! ( $(1) ) >/dev/null 2>&1 \
	    && [ "$$(dpkg-query -W -f '$${db:Status-Status}\n' $(2) 2>/dev/null | grep -cx installed)" != $(words $(2)) ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "pimpi: installing $(2)"; \
	    export DEBIAN_FRONTEND=noninteractive; \
	    apt-get update -qq && apt-get install -y -qq --no-install-recommends $(2) >/dev/null \
	      || { echo "pimpi: apt-get could not install $(2)$(if $(3),: $(3))" >&2; exit 1; }; \
	  else \
	    echo "pimpi: missing packages: $(2)" >&2; \
	    echo "pimpi: install them (as root: apt-get install $(2)), or load your site's modules$(if $(3),; $(3))" >&2; \
	    exit 1; \
	  fi; \
	fi
endef

# Which MPI the build would really get: the family and version that mpi.h
# itself declares (Open MPI's OMPI_*_VERSION, MPICH's MPICH_VERSION, which its
# derivatives keep), read by the preprocessor with the flags the build uses.
# Prints e.g. "openmpi Open MPI 4.1.4" or "mpich MPICH 4.0.2", or nothing
# without an mpi.h. A command's name proves nothing: Open MPI's mpicc answers
# `-show` too, and `mpiexec` is whichever MPI was installed last.
MPI_CFLAGS = $(if $(MPI_HAS_PC),$(shell pkg-config --cflags $(MPI_PKG_CONFIG) 2>/dev/null),\
    $(filter -I%,$(shell $(MPI_WRAPPER_FLAGS) 2>/dev/null)))
MPI_HEADER_FAMILY = printf '\#include <mpi.h>\n' | $$(command -v cc || command -v clang) -E -dM $(MPI_CFLAGS) -x c - 2>/dev/null \
    | awk '$$2 ~ /^OMPI_(MAJOR|MINOR|RELEASE)_VERSION$$/ { o[$$2] = $$3 } \
           $$2 == "MPICH_VERSION" { m = $$3 } $$2 == "I_MPI_VERSION" { i = $$3 } $$2 ~ /^MVAPICH2?_VERSION$$/ { v = $$3 } \
           END { gsub(/"/, "", m); gsub(/"/, "", i); gsub(/"/, "", v); \
                 if ("OMPI_MAJOR_VERSION" in o) print "openmpi Open MPI " o["OMPI_MAJOR_VERSION"] "." \
                     o["OMPI_MINOR_VERSION"] "." o["OMPI_RELEASE_VERSION"]; \
                 else if (i != "") print "mpich Intel MPI " i; \
                 else if (v != "") print "mpich MVAPICH " v; else if (m != "") print "mpich MPICH " m }'
# The launcher's family, from its own --version: Open MPI's says so (ORTE's
# "OpenRTE" in 4.x, "Open MPI" in 5.x); hydra and srun do not.
MPIRUN_IS_OPEN_MPI = $(MPIRUN) --version 2>&1 | grep -qE 'Open ?MPI|OpenRTE'
ifeq ($(MPI),openmpi)
MPI_LAUNCHER_CHECK = $(MPIRUN_IS_OPEN_MPI)
else
MPI_LAUNCHER_CHECK = ! $(MPIRUN_IS_OPEN_MPI)
endif
MPI_CHECK = command -v $(MPIRUN) && $(MPI_LAUNCHER_CHECK) && $(MPI_HEADER_FAMILY) | grep -q '^$(MPI) '
# Where the flags came from, for the one line that refuses a wrong MPI.
MPI_FLAGS_SOURCE = $(if $(MPI_HAS_PC),pkg-config $(MPI_PKG_CONFIG),$(MPI_WRAPPER_FLAGS))
# Swift: the toolchain on PATH (a site's `module load swift`, or swift.org's
# under /opt/swift), else Debian's own, which Debian has from 13 on
# (swiftlang: Swift 6.0.3). Debian 12 has none: there the hint says where.
SWIFT_CHECK = command -v $(SWIFT)
SWIFT_HINT := Debian 12 has no Swift package: install swift.org's toolchain under /opt/swift (see README)
# Linking the Swift runtime in (--static-swift-stdlib) needs the C++ runtime's
# development files (libstdc++-N-dev for the release's GCC), which Debian 13's
# swiftlang does not pull in; g++ brings the release's own, whatever its N.
STATIC_LINK_CHECK = printf 'int main(void) { return 0; }\n' \
    | $$(command -v clang || command -v cc) -x c - -lstdc++ -o /dev/null
STATIC_LINK_PACKAGES := g++
# hwloc, where pimpi reads each CPU's core, NUMA node and socket (as Open MPI
# and Slurm do): its header and library, through pkg-config where it has a .pc.
HWLOC_CHECK = printf '\#include <hwloc.h>\nint main(void) { return hwloc_get_api_version() == 0; }\n' \
    | $$(command -v clang || command -v cc) -x c - $$(pkg-config --cflags --libs hwloc 2>/dev/null || echo -lhwloc) \
      -o /dev/null
HWLOC_PACKAGES := libhwloc-dev pkgconf
# The tests start a real Slurm cluster on this machine (Tests/slurm/cluster.sh),
# on simulated hosts made of namespaces (Tests/cluster/hosts.sh: ip, ss, nsenter).
SLURM_CHECK := command -v slurmctld && command -v slurmd && command -v srun && command -v munged
SLURM_PACKAGES := slurm-wlm munge
HOSTS_CHECK := command -v ip && command -v ss && command -v nsenter && command -v unshare && command -v flock
HOSTS_PACKAGES := iproute2 util-linux
# ReFrame, pinned from PyPI in a venv of its own, runs slurm/reframe/pimpi_check.py
# against the test cluster.
REFRAME_VERSION := 4.10.4
REFRAME_VENV := .build-reframe
REFRAME := $(REFRAME_VENV)/bin/reframe
# EasyBuild from PyPI, for make check's install of packaging/easybuild's
# easyconfig from make dist's tarball.
EASYBUILD_VERSION := 5.4.1
EASYBUILD_VENV := .build-easybuild
EASYBUILD := $(EASYBUILD_VENV)/bin/eb
VENV_CHECK := /usr/bin/python3 -c 'import ensurepip, venv'
VENV_PACKAGES := python3-venv
# The install test renders the man page.
MAN_CHECK := command -v man
# make check loads make dist's tarball with Lmod, as a centre's users would.
LMOD_CHECK := test -r /usr/share/lmod/lmod/init/bash
LMOD_PACKAGES := lmod
# make stats and make check's short run of it: Debian's dieharder 3.31.
STATS_CHECK := command -v dieharder
STATS_PACKAGES := dieharder
# bench/plot_sweep.py's charts, which make check draws: Debian's matplotlib.
PLOT_CHECK := /usr/bin/python3 -c 'import matplotlib'
PLOT_PACKAGES := python3-matplotlib
MAN_PACKAGES := man-db
# `make bench` compares pimpi with baselines built and run here: the course's
# Python variants need mpi4py, numpy, dask and distributed (Debian's), and
# dask-mpi, which Debian lacks, pinned from PyPI into a venv that sees them.
BENCH_PY_CHECK := /usr/bin/python3 -c 'import mpi4py, numpy, dask, distributed, ensurepip, matplotlib'
BENCH_PACKAGES := python3-mpi4py python3-numpy python3-dask python3-distributed python3-venv python3-matplotlib
DASK_MPI_VERSION := 2022.4.0
BENCH_VENV := .build-bench-venv
CLANG_CHECK := command -v clang
# The baselines' Python: the venv over Debian's python3 (not necessarily the
# first python3 on PATH), and the launcher of the MPI that Debian's mpi4py was
# built with (Open MPI).
PYTHON_MPI = $(abspath $(BENCH_VENV))/bin/python
PYTHON_MPIRUN ?= mpirun
NP_MAX ?= $(shell nproc)
REPEAT ?= 3
BENCH_BUILD := $(SCRATCH)/bench

.PHONY: help build test-hooks layers deps deps-install test-deps cluster-deps dist-binary bench-deps run test check test-integration bench cost-model manual install install-files uninstall dist check-arm64 stats clean

help:
	@echo "make            release build of pimpi ($(BIN)); MPI=mpich builds against MPICH"
	@echo "make run        $(MPIRUN) -np NP pimpi THROWS (NP=$(NP), THROWS=$(THROWS), ARGS= for options)"
	@echo "make test       the quick tier: unit tests, then the Open MPI build under mpirun (minutes)"
	@echo "make check      everything: both MPIs under mpirun/mpiexec, simulated hosts, a local Slurm, ReFrame, dist and Lmod"
	@echo "make test-hooks the same build with the tests' fault hooks, as $(HOOKS_BIN) (never installed)"
	@echo "make layers     check that PimpiCore's folders depend one way (docs/architecture.md)"
	@echo "make bench      scaling sweep and baselines side by side (NP_MAX=$(NP_MAX), THROWS=$(THROWS), REPEAT=$(REPEAT))"
	@echo "make cost-model docs/scaling.md's measurements: 1..COST_MAX_RANKS=$(COST_MAX_RANKS) ranks under each MPI built"
	@echo "make stats      pimpi's stream through dieharder's battery (STATS_TESTS=$(STATS_TESTS), STATS_STREAM=...)"
	@echo "make check-arm64  the arm64 tarball made and run under qemu (root, about 25 minutes)"
	@echo "make install    pimpi, its man page, shell completions and Lmod module under PREFIX (PREFIX=$(PREFIX)); make uninstall"
	@echo "make dist       $(DIST_DIR)/$(DIST_NAME).tar.gz: the installed tree for nodes without Swift, and its checksum"
	@echo "make deps       install what building and running need (root), or name it"
	@echo "make test-deps  also what make check needs: both MPIs, Slurm, munge, man, Lmod, ReFrame $(REFRAME_VERSION), EasyBuild $(EASYBUILD_VERSION)"

# Installs the MPI asked for if it is missing, then refuses in one line to go
# on with any other: a build under .build-mpich is MPICH's or does not happen.
# A scratch directory remembers which mpi.h it was built with: Clang's module
# cache does not count include paths in its key, so a build moved to another
# MPI would keep the old mpi.h's compiled module and fail to link (or worse).
# (Two targets, because make expands a recipe's every line before running the
# first: the guard's pkg-config and wrapper queries must come after the install.)
deps: deps-install
	@problem=; found=$$($(MPI_HEADER_FAMILY)); \
	if [ "$${found%% *}" != $(MPI) ]; then \
	  problem="$${found:+the mpi.h found through $(MPI_FLAGS_SOURCE) is from $${found#* }}"; \
	  problem="$${problem:-no mpi.h was found through $(MPI_FLAGS_SOURCE)}"; \
	elif ! ( $(MPI_LAUNCHER_CHECK) ) >/dev/null 2>&1; then \
	  problem="the launcher $(MPIRUN) is $(if $(filter openmpi,$(MPI)),not Open MPI's,Open MPI's)"; \
	fi; \
	[ -z "$$problem" ] || { echo "pimpi: MPI=$(MPI) needs $(MPI_FAMILY_NAME), but $$problem:" \
	  "install $(MPI_PACKAGES) (apt-get install), load your site's module, or set MPI_PKG_CONFIG to its .pc" >&2; exit 1; }; \
	stamp=$(SCRATCH)/mpi-header; now="$$found: $(strip $(MPI_CFLAGS))"; \
	if [ -d $(SCRATCH)/release ] && [ "$$(cat $$stamp 2>/dev/null)" != "$$now" ]; then \
	  echo "pimpi: $(SCRATCH) was built against $$(cat $$stamp 2>/dev/null || echo 'an unrecorded mpi.h'), now $$now: rebuilding it"; \
	  rm -rf $(SCRATCH)/release $(SCRATCH)/debug $(SCRATCH)/*-linux-gnu*; \
	fi; \
	mkdir -p $(SCRATCH) && echo "$$now" > $$stamp

deps-install:
	$(call require,$(SWIFT_CHECK),swiftlang,$(SWIFT_HINT))
	$(call require,$(STATIC_LINK_CHECK),$(STATIC_LINK_PACKAGES))
	$(call require,$(MPI_CHECK),$(MPI_PACKAGES))
	$(call require,$(HWLOC_CHECK),$(HWLOC_PACKAGES))

build: deps
	$(SWIFT) build $(SWIFT_RELEASE) $(MPI_FLAGS)

# PimpiCore alone is recompiled with PIMPI_TEST_HOOKS and relinked (seconds),
# copied aside, and the shipped build put back, so $(BIN) never keeps a hook.
test-hooks: build
	PIMPI_TEST_HOOKS=1 $(SWIFT) build $(SWIFT_RELEASE) $(MPI_FLAGS) --product pimpi
	install -D -m 0755 $(BIN) $(HOOKS_BIN)
	$(SWIFT) build $(SWIFT_RELEASE) $(MPI_FLAGS) --product pimpi

run: build
	$(MPIRUN) $(OVERSUBSCRIBE) -np $(NP) $(BIN) $(THROWS) $(ARGS)

test-deps: cluster-deps
	@$(MAKE) --no-print-directory deps MPI=openmpi
	@$(MAKE) --no-print-directory deps MPI=mpich
	$(call require,$(MAN_CHECK),$(MAN_PACKAGES))
	$(call require,$(LMOD_CHECK),$(LMOD_PACKAGES))
	$(call require,$(STATS_CHECK),$(STATS_PACKAGES))
	$(call require,$(PLOT_CHECK),$(PLOT_PACKAGES))
	$(call require,$(VENV_CHECK),$(VENV_PACKAGES))
	@[ -x $(REFRAME) ] && $(REFRAME) --version | grep -qx '$(REFRAME_VERSION)' || { \
	  echo "pimpi: installing reframe-hpc==$(REFRAME_VERSION) into $(REFRAME_VENV)"; \
	  /usr/bin/python3 -m venv $(REFRAME_VENV) && $(REFRAME_VENV)/bin/pip install -q reframe-hpc==$(REFRAME_VERSION); }
	@[ -x $(EASYBUILD) ] && PATH=$(abspath $(EASYBUILD_VENV))/bin:$$PATH $(EASYBUILD) --version 2>/dev/null \
	  | grep -q 'EasyBuild $(EASYBUILD_VERSION) ' || { \
	  echo "pimpi: installing easybuild-framework and -easyblocks $(EASYBUILD_VERSION) into $(EASYBUILD_VENV)"; \
	  /usr/bin/python3 -m venv $(EASYBUILD_VENV) && $(EASYBUILD_VENV)/bin/pip install -q \
	    easybuild-framework==$(EASYBUILD_VERSION) easybuild-easyblocks==$(EASYBUILD_VERSION); }

# What a test cluster (Tests/slurm/cluster.sh) needs: Slurm, munge, and the
# tools that make the simulated hosts.
cluster-deps:
	$(call require,$(SLURM_CHECK),$(SLURM_PACKAGES))
	$(call require,$(HOSTS_CHECK),$(HOSTS_PACKAGES))

# Two tiers. `make test`, the quick one, is what a user runs after building:
# the unit tests, then the Open MPI build under mpirun (bad input, the hits on
# 1 to 3 ranks and more, faults such as a killed rank, JSON and CSV, the
# placement check on real bindings and on hwloc's node shapes, threads,
# schedules, sweeps). It needs no package mirror once the build's own
# dependencies are there, no Slurm and no second MPI: a few minutes on 2 cores,
# after the build. The suites it leaves out wait for ranks to time out
# (stopped ranks, stop signals), start hundreds of ranks, or need what only
# `make check` sets up.
QUICK_SKIP := node128|StoppedRankTests|StopSignalTests|ManyRanksTests|BuildGuardTests|InstallTests|HostsTests|FreshRootTests|StreamBatteryTests
test: layers
	@$(MAKE) --no-print-directory deps MPI=openmpi
	@$(MAKE) --no-print-directory test-hooks MPI=openmpi
	@flock -n $(TEST_LOCK) true || echo "pimpi: another make test runs on this machine; waiting for it to end" >&2
	@flock -o -w 3600 -E 75 $(TEST_LOCK) env PIMPI_TEST_TIER=quick PIMPI_BIN="$(abspath .build/release/pimpi)" \
	  PIMPI_BIN_TEST_HOOKS="$(abspath .build/test-hooks/pimpi)" \
	  $(SWIFT) test --skip '$(QUICK_SKIP)' $(if $(TESTS),--filter '$(TESTS)') || { status=$$?; \
	  [ $$status != 75 ] || echo "pimpi: another make test still held $(TEST_LOCK) after an hour" >&2; exit $$status; }

# `make check`, everything: both MPIs' release builds; the unit tests once
# (their debug build links Open MPI); then each build under its own launcher,
# across simulated hosts, and under a throw-away Slurm cluster of simulated
# hosts (a login host and two nodes), all stopped and removed however the
# tests end, and checked for leftovers: namespaces, mounts, cgroups,
# processes. The cluster directory stays short: PMIx puts socket paths inside
# it. As root, `make run` also runs in a fresh root of the Debian release
# FRESH_ROOT (Tests/debian/fresh-root.sh; empty: skipped). `make dist`'s
# tarball is unpacked and loaded with Lmod.
# One test run at a time on a machine (TEST_LOCK, waited for at most an
# hour): whatever simulated hosts exist when it starts were left by a run that
# was killed (SIGKILL, a reset), and go first, so the check at the end only
# sees what this run left.
FRESH_ROOT ?= trixie
TEST_LOCK ?= /run/lock/pimpi-test.lock
# Only the tests whose names match this pattern (swift test --filter), e.g.
# TESTS=HostsTests; empty: all.
TESTS ?=
check: test-deps layers
	@$(MAKE) --no-print-directory manual MPI=openmpi
	@$(MAKE) --no-print-directory dist MPI=openmpi DIST_DIR=$(CHECK_DIST_DIR)
	@$(MAKE) --no-print-directory test-hooks MPI=openmpi
	@$(MAKE) --no-print-directory test-hooks MPI=mpich
	@flock -n $(TEST_LOCK) true || echo "pimpi: another make test runs on this machine; waiting for it to end" >&2
	@flock -o -w 3600 -E 75 $(TEST_LOCK) $(MAKE) --no-print-directory test-integration || { status=$$?; \
	  [ $$status != 75 ] || echo "pimpi: another make test still held $(TEST_LOCK) after an hour" >&2; exit $$status; }
# Where `make check` puts the tarball it tests (not the user's DIST_DIR).
CHECK_DIST_DIR := $(SCRATCH)/check-dist

# The arm64 tarball, made and tried under qemu-user (about 25 minutes here,
# so not part of `make check`): an arm64 Debian 13 root builds pimpi and runs
# `make dist`, then a second arm64 root with no Swift, only the MPI and Lmod,
# loads the tarball's module and must give this machine's hits. The tarball
# and its checksum stay in ARM64_DIST_DIR.
ARM64_DIST_DIR ?= $(SCRATCH)/arm64-dist
check-arm64: build
	@[ "$$(id -u)" = 0 ] || { echo "pimpi: check-arm64 needs root (mmdebstrap, chroot, binfmt)" >&2; exit 1; }
	rm -rf $(ARM64_DIST_DIR)
	Tests/debian/fresh-root.sh --arch arm64 --dist-out $(ARM64_DIST_DIR)
	Tests/debian/fresh-root.sh --arch arm64 --dist $(ARM64_DIST_DIR)/pimpi-$(VERSION)-linux-aarch64-$(MPI).tar.gz

test-integration:
	@Tests/cluster/hosts.sh clean
	@cluster=$$(mktemp -d /tmp/pimpi-sl.XXXXXX); \
	trap 'Tests/slurm/cluster.sh stop "$$cluster"; \
	      for h in "$$cluster"/h-*; do [ ! -d "$$h" ] || Tests/cluster/hosts.sh down "$$h"; done; \
	      left=$$(Tests/cluster/hosts.sh leftovers); rm -rf "$$cluster"; \
	      [ -z "$$left" ] || { echo "pimpi: the tests left this behind:" >&2; echo "$$left" >&2; exit 1; }' EXIT; \
	Tests/slurm/cluster.sh start "$$cluster" 2 || exit 1; \
	source "$$cluster/env"; \
	PIMPI_TEST_HOSTS_ROOT="$$cluster" \
	PIMPI_MPI_PKG_CONFIG=ompi-c PIMPI_BIN="$(abspath .build/release/pimpi)" \
	PIMPI_BIN_MPICH="$(abspath .build-mpich/release/pimpi)" \
	PIMPI_BIN_TEST_HOOKS="$(abspath .build/test-hooks/pimpi)" \
	PIMPI_BIN_MPICH_TEST_HOOKS="$(abspath .build-mpich/test-hooks/pimpi)" PIMPI_REFRAME="$(abspath $(REFRAME))" \
	PIMPI_FRESH_ROOT="$(FRESH_ROOT)" PIMPI_DIST="$(abspath $(CHECK_DIST_DIR))/$(DIST_NAME).tar.gz" \
	PIMPI_EASYBUILD="$(abspath $(EASYBUILD))" \
	$(SWIFT) test $(if $(TESTS),--filter '$(TESTS)')

# PimpiCore's folders depend one way (docs/architecture.md).
layers:
	@bash Tests/layers.sh

bench-deps: deps
	$(call require,$(BENCH_PY_CHECK),$(BENCH_PACKAGES))
	@$(PYTHON_MPI) -c 'import dask_mpi' 2>/dev/null || { \
	  echo "pimpi: installing dask-mpi==$(DASK_MPI_VERSION) into $(BENCH_VENV)"; \
	  /usr/bin/python3 -m venv --system-site-packages $(BENCH_VENV) \
	    && $(BENCH_VENV)/bin/pip install -q --no-deps dask-mpi==$(DASK_MPI_VERSION); }
	$(call require,$(CLANG_CHECK),clang)

# The C baselines and the CPU probe are built here, for this very CPU (-march=native);
# on x86-64 the C reference also for x86-64-v3, as the rival of pimpi's AVX2 build.
BENCH_C_V3 := $(if $(filter x86_64,$(shell uname -m)),$(BENCH_BUILD)/pi_splitmix_ref_v3)
bench: build bench-deps
	@mkdir -p $(BENCH_BUILD)
	clang -O3 -march=native -fno-slp-vectorize -o $(BENCH_BUILD)/pi_splitmix_ref bench/baselines/pi_splitmix_ref.c
	$(if $(BENCH_C_V3),clang -O3 -march=x86-64-v3 -fno-slp-vectorize -DNAME='"c-splitmix-v3"' \
	    -o $(BENCH_C_V3) bench/baselines/pi_splitmix_ref.c)
	$(MPICC) -O2 -o $(BENCH_BUILD)/pi_rand_mpi bench/baselines/pi_rand_mpi.c
	clang -O2 -march=native -o $(BENCH_BUILD)/cpu_probe bench/probes/cpu_probe.c
	$(PYTHON_MPI) bench/bench.py --pimpi $(BIN) --np-max $(NP_MAX) --throws $(THROWS) --repeat $(REPEAT) \
	    --mpi $(MPI) --mpirun $(MPIRUN) --python-mpirun $(PYTHON_MPIRUN) \
	    --c-reference $(BENCH_BUILD)/pi_splitmix_ref $(if $(BENCH_C_V3),--c-reference-v3 $(BENCH_C_V3)) --c-rand $(BENCH_BUILD)/pi_rand_mpi \
	    --cpu-probe $(BENCH_BUILD)/cpu_probe --cc clang --python $(PYTHON_MPI)

# docs/scaling.md's measured points: 1 to COST_MAX_RANKS ranks (oversubscribed)
# under each MPI built (`make MPI=mpich` first for MPICH's).
COST_MAX_RANKS ?= 256
# pimpi's stream, cut into coordinates as the kernel cuts them (bench/stream),
# through dieharder's battery: `make stats` runs all of it (-a: an hour or
# more), `make stats STATS_TESTS="-d 0 -d 100"` some; STATS_STREAM takes
# pimpi-stream's options (--seed, --start, --interleave R --spacing D). The
# table is kept in bench/results/stats-DATE.txt; docs/method.md has a full run.
STATS_TESTS ?= -a
STATS_STREAM ?=
stats: deps
	$(call require,$(STATS_CHECK),$(STATS_PACKAGES))
	$(SWIFT) build $(SWIFT_RELEASE) --product pimpi-stream
	@mkdir -p bench/results
	@out=bench/results/stats-$$(date +%Y%m%d-%H%M%S).txt; \
	{ echo "# $$(date -Is) on $$(hostname): pimpi-stream $(STATS_STREAM) | dieharder -g 200 $(STATS_TESTS)"; \
	  $(SCRATCH)/release/pimpi-stream $(STATS_STREAM) | dieharder -g 200 $(STATS_TESTS); } | tee $$out; \
	echo "pimpi: the table is in $$out"

cost-model: build
	/usr/bin/python3 bench/cost_model.py --pimpi $(BIN) --pimpi-mpich $(abspath .build-mpich/release/pimpi) \
	    --max-ranks $(COST_MAX_RANKS) --throws $(THROWS)

# The man page, generated from the ArgumentParser definition by the tool that
# swift-argument-parser ships (so it cannot drift from `pimpi --help`).
MANUAL := $(SCRATCH)/manual/pimpi.1
# The tool lists a `help` subcommand for every root command (its dump injects
# one), so the page would read `pimpi subcommand [throws]`; pimpi has no
# subcommands, and the awk takes that line and the `help` entry out.
manual: build
	$(SWIFT) build $(SWIFT_RELEASE) --product generate-manual
	@mkdir -p $(dir $(MANUAL))
	$(SCRATCH)/release/generate-manual $(BIN) --authors "pimpi developers" -o $(dir $(MANUAL))
	awk '/^\.Ar subcommand$$/ { next } /^\.It Em help$$/ { skip = 1; next } skip && /^\.El$$/ { skip = 0; next } \
	     !skip' $(MANUAL) > $(MANUAL).tmp && mv $(MANUAL).tmp $(MANUAL)

# Where `make install` puts things under PREFIX: the binary, its man page and
# completions, an Lmod modulefile that finds PREFIX from where it lies, and
# the Slurm scripts and ReFrame check it points to.
VERSION := $(shell sed -n 's/.*let current = "\(.*\)"/\1/p' Sources/PimpiCore/Report/PimpiVersion.swift)
INSTALLED_BIN = $(DESTDIR)$(PREFIX)/bin/pimpi
INSTALLED_MAN = $(DESTDIR)$(PREFIX)/share/man/man1/pimpi.1
INSTALLED_BASH = $(DESTDIR)$(PREFIX)/share/bash-completion/completions/pimpi
INSTALLED_ZSH = $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_pimpi
INSTALLED_FISH = $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/pimpi.fish
INSTALLED_MODULE = $(DESTDIR)$(PREFIX)/modulefiles/pimpi/$(VERSION).lua
INSTALLED_SHARE = $(DESTDIR)$(PREFIX)/share/pimpi
# The MPI the binary was built for, as `pimpi --version` names it.
BUILT_FOR = $$($(BIN) --version | sed -n 's/.*(built for \(.*\))$$/\1/p')
DIST_BUILT_FOR = $$($(DIST_BIN) --version | sed -n 's/.*(built for \(.*\))$$/\1/p')

install: manual
	@$(MAKE) --no-print-directory install-files
	@echo "pimpi ($(MPI)) installed as $(INSTALLED_BIN), with its man page, bash/zsh/fish completions," \
	  "and an Lmod module: module use $(DESTDIR)$(PREFIX)/modulefiles; module load pimpi"

# Copies a built tree (the binary, the man page) and writes the completions,
# which the binary generates from its own options, and the modulefile. Builds
# nothing, so the tests can run it while SwiftPM holds the build directory.
install-files:
	install -d "$(dir $(INSTALLED_BIN))" "$(dir $(INSTALLED_MAN))" "$(dir $(INSTALLED_BASH))" \
	    "$(dir $(INSTALLED_ZSH))" "$(dir $(INSTALLED_FISH))" "$(dir $(INSTALLED_MODULE))" \
	    "$(INSTALLED_SHARE)/slurm" "$(INSTALLED_SHARE)/reframe"
	install -m 0755 $(BIN) "$(INSTALLED_BIN)"
	install -m 0644 $(MANUAL) "$(INSTALLED_MAN)"
	$(BIN) --generate-completion-script bash > "$(INSTALLED_BASH)"
	$(BIN) --generate-completion-script zsh > "$(INSTALLED_ZSH)"
	$(BIN) --generate-completion-script fish > "$(INSTALLED_FISH)"
	sed -e 's|@VERSION@|$(VERSION)|g' -e "s|@MPI@|$(BUILT_FOR)|g" -e 's|@MPI_FAMILY@|$(MPI_MODULE_KIND)|g' \
	    packaging/lmod/pimpi.lua > "$(INSTALLED_MODULE)"
	install -m 0644 slurm/pimpi.slurm slurm/scaling.slurm slurm/acceptance.slurm "$(INSTALLED_SHARE)/slurm"
	install -m 0755 slurm/healthcheck.sh "$(INSTALLED_SHARE)/slurm"
	install -m 0644 slurm/reframe/pimpi_check.py slurm/reframe/pimpi_acceptance.py slurm/reframe/site_config_example.py \
	    "$(INSTALLED_SHARE)/reframe"
	install -m 0644 LICENSE CHANGELOG.md "$(INSTALLED_SHARE)"

uninstall:
	rm -f "$(INSTALLED_BIN)" "$(INSTALLED_MAN)" "$(INSTALLED_BASH)" "$(INSTALLED_ZSH)" "$(INSTALLED_FISH)" \
	    "$(INSTALLED_MODULE)" "$(INSTALLED_SHARE)"/slurm/*.slurm "$(INSTALLED_SHARE)"/slurm/healthcheck.sh \
	    "$(INSTALLED_SHARE)"/reframe/*.py "$(INSTALLED_SHARE)"/LICENSE "$(INSTALLED_SHARE)"/CHANGELOG.md
	rmdir "$(dir $(INSTALLED_MODULE))" "$(INSTALLED_SHARE)/slurm" "$(INSTALLED_SHARE)/reframe" "$(INSTALLED_SHARE)" \
	    2>/dev/null || true

# A tarball of the installed tree for nodes without Swift, one per MPI family
# (`make dist MPI=mpich` for MPICH's), named for the version, the machine and
# the MPI, with its SHA-256 beside it, in DIST_DIR.
# Its binary links against an older Debian's libraries (DIST_SYSROOT_SUITE:
# Debian 11, glibc 2.31; packaging/glibc-floor/sysroot.sh) and takes the few
# functions glibc 2.29 added from packaging/glibc-floor/compat.c, so that it
# needs glibc 2.28 at most (RHEL 8) and GCC 8's libstdc++ (docs/install.md).
# DIST_SYSROOT_SUITE= packs the binary built against this machine's libraries.
DIST_DIR ?= dist
DIST_NAME = pimpi-$(VERSION)-linux-$(shell uname -m)-$(MPI)
DIST_STAGE = $(SCRATCH)/dist/$(DIST_NAME)
DIST_SYSROOT_SUITE ?= bullseye
DIST_SYSROOT = $(abspath $(SCRATCH))/sysroot-$(DIST_SYSROOT_SUITE)
DIST_SCRATCH = $(abspath $(SCRATCH))/dist-build
DIST_BIN = $(if $(DIST_SYSROOT_SUITE),$(DIST_SCRATCH)/release/pimpi,$(abspath $(BIN)))
DIST_WRAPPED := exp exp2 log log2 pow posix_spawn_file_actions_addchdir_np
DIST_PKG_CONFIG = PKG_CONFIG_SYSROOT_DIR=$(DIST_SYSROOT) \
    PKG_CONFIG_LIBDIR=$(DIST_SYSROOT)/usr/lib/$(shell uname -m)-linux-gnu/pkgconfig:$(DIST_SYSROOT)/usr/share/pkgconfig
dist-binary: build
ifneq ($(DIST_SYSROOT_SUITE),)
	packaging/glibc-floor/sysroot.sh $(DIST_SYSROOT_SUITE) $(DIST_SYSROOT)
	@mkdir -p $(DIST_SCRATCH)
	clang -O2 -c --sysroot=$(DIST_SYSROOT) -o $(DIST_SCRATCH)/compat.o packaging/glibc-floor/compat.c
	$(DIST_PKG_CONFIG) $(SWIFT) build -c release --static-swift-stdlib --scratch-path $(DIST_SCRATCH) \
	    --sdk $(DIST_SYSROOT) -Xswiftc -sdk -Xswiftc $(DIST_SYSROOT) -Xlinker $(DIST_SCRATCH)/compat.o \
	    $(foreach symbol,$(DIST_WRAPPED),-Xlinker --wrap=$(symbol)) --product pimpi
endif

dist: manual dist-binary
	rm -rf $(SCRATCH)/dist && mkdir -p $(DIST_STAGE) $(DIST_DIR)
	@$(MAKE) --no-print-directory install-files BIN=$(DIST_BIN) DESTDIR=$(abspath $(DIST_STAGE)) PREFIX=
	sed -e 's|@VERSION@|$(VERSION)|g' -e "s|@MPI@|$(DIST_BUILT_FOR)|g" -e 's|@MPI_NAME@|$(MPI)|g' \
	    -e "s|@ARCH@|$$(uname -m)|g" -e 's|@RUNTIME_PACKAGES@|$(MPI_RUNTIME_PACKAGES)|g' \
	    packaging/README.dist > $(DIST_STAGE)/README
	tar -C $(SCRATCH)/dist --sort=name --owner=0 --group=0 --numeric-owner -czf $(DIST_DIR)/$(DIST_NAME).tar.gz $(DIST_NAME)
	cd $(DIST_DIR) && sha256sum $(DIST_NAME).tar.gz > $(DIST_NAME).tar.gz.sha256
	@echo "pimpi: $(DIST_DIR)/$(DIST_NAME).tar.gz (and .sha256): runs with $(DIST_BUILT_FOR) alone, no Swift," \
	    "needs glibc $$(objdump -T $(DIST_BIN) | grep -o 'GLIBC_[0-9.]*' | sort -uV | tail -1 | cut -d_ -f2)"

clean:
	rm -rf .build .build-mpich $(REFRAME_VENV) $(EASYBUILD_VENV) $(BENCH_VENV) $(DIST_DIR)
