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

# A release build with the Swift runtime linked in, so the binary runs on compute
# nodes that have MPI but no Swift toolchain (`make install`, then `srun pimpi`).
SWIFT_RELEASE := -c release --static-swift-stdlib
BIN := .build/release/pimpi

# MPI is found through pkg-config (ompi-c) by Package.swift. Where a site's MPI
# has no .pc file but has the compiler wrapper, its include and library
# directories come from `mpicc --showme` instead. Never a hard-coded path.
MPI_FLAGS = $(if $(shell pkg-config --exists ompi-c 2>/dev/null && echo yes),,\
    $(foreach d,$(shell mpicc --showme:incdirs 2>/dev/null),-Xcc -I$(d)) \
    $(foreach d,$(shell mpicc --showme:libdirs 2>/dev/null),-Xlinker -L$(d) -Xlinker -rpath -Xlinker $(d)))

# OpenMPI refuses to run as root unless told it may; only then is it told.
ifeq ($(shell id -u),0)
export OMPI_ALLOW_RUN_AS_ROOT := 1
export OMPI_ALLOW_RUN_AS_ROOT_CONFIRM := 1
endif

# More ranks than cores needs --oversubscribe.
OVERSUBSCRIBE = $(if $(shell [ $(NP) -gt $$(nproc) ] && echo yes),--oversubscribe)

# $(call require,CHECK,PACKAGES): run CHECK; if it fails, install the Debian
# PACKAGES with apt-get when root, else name them and stop.
define require
	@if ! ( $(1) ) >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "pimpi: installing $(2)"; \
	    export DEBIAN_FRONTEND=noninteractive; \
	    apt-get update -qq && apt-get install -y -qq --no-install-recommends $(2) >/dev/null \
	      || { echo "pimpi: apt-get could not install $(2)" >&2; exit 1; }; \
	  else \
	    echo "pimpi: missing packages: $(2)" >&2; \
	    echo "pimpi: install them (as root: apt-get install $(2)), or load your site's module (module load openmpi)" >&2; \
	    exit 1; \
	  fi; \
	fi
endef

MPI_CHECK := command -v mpirun && { pkg-config --exists ompi-c || mpicc --showme:version; }
MPI_PACKAGES := libopenmpi-dev openmpi-bin pkgconf
# The tests start a real Slurm cluster on this machine (Tests/slurm/cluster.sh).
SLURM_CHECK := command -v slurmctld && command -v slurmd && command -v srun && command -v munged
SLURM_PACKAGES := slurm-wlm munge
# `make bench` compares pimpi with baselines built and run here.
MPI4PY_CHECK := /usr/bin/python3 -c 'import mpi4py' || python3 -c 'import mpi4py'
BENCH_PACKAGES := python3-mpi4py
RSVG_CHECK := command -v rsvg-convert
CLANG_CHECK := command -v clang
# The Python that has mpi4py (Debian's, not necessarily the first python3 on PATH).
PYTHON_MPI = $(firstword $(foreach p,/usr/bin/python3 $(shell command -v python3),\
    $(if $(shell $(p) -c 'import mpi4py' 2>/dev/null && echo yes),$(p))))
NP_MAX ?= $(shell nproc)
REPEAT ?= 3
BENCH_BUILD := .build/bench

.PHONY: help build deps test-deps bench-deps run test bench install uninstall clean

help:
	@echo "make            release build of pimpi ($(BIN))"
	@echo "make run        mpirun -np NP pimpi THROWS (NP=$(NP), THROWS=$(THROWS), ARGS= for options)"
	@echo "make test       unit and integration tests (real mpirun)"
	@echo "make bench      scaling sweep and baselines side by side (NP_MAX=$(NP_MAX), THROWS=$(THROWS), REPEAT=$(REPEAT))"
	@echo "make install    copy pimpi to PREFIX/bin (PREFIX=$(PREFIX))"
	@echo "make deps       install what building and running need (root), or name it"
	@echo "make test-deps  also what the tests need: Slurm and munge"

deps:
	$(call require,$(MPI_CHECK),$(MPI_PACKAGES))

build: deps
	$(SWIFT) build $(SWIFT_RELEASE) $(MPI_FLAGS)

run: build
	mpirun $(OVERSUBSCRIBE) -np $(NP) $(BIN) $(THROWS) $(ARGS)

test-deps: deps
	$(call require,$(SLURM_CHECK),$(SLURM_PACKAGES))

# Unit tests, then the built binary under mpirun and under a throw-away Slurm
# cluster (two nodes on this machine), stopped again however the tests end.
# The cluster directory stays short: PMIx puts socket paths inside it.
test: build test-deps
	@cluster=$$(mktemp -d /tmp/pimpi-sl.XXXXXX); \
	trap 'Tests/slurm/cluster.sh stop "$$cluster"; rm -rf "$$cluster"' EXIT; \
	Tests/slurm/cluster.sh start "$$cluster" 2 || exit 1; \
	source "$$cluster/env"; \
	PIMPI_BIN="$(abspath $(BIN))" $(SWIFT) test $(MPI_FLAGS)

bench-deps: deps
	$(call require,$(MPI4PY_CHECK),$(BENCH_PACKAGES))
	$(call require,$(CLANG_CHECK),clang)
	$(call require,$(RSVG_CHECK),librsvg2-bin)

# The C baselines and the CPU probe are built here, for this very CPU (-march=native).
bench: build bench-deps
	@mkdir -p $(BENCH_BUILD)
	clang -O3 -march=native -o $(BENCH_BUILD)/pi_splitmix_ref bench/baselines/pi_splitmix_ref.c
	mpicc -O2 -o $(BENCH_BUILD)/pi_rand_mpi bench/baselines/pi_rand_mpi.c
	clang -O2 -march=native -o $(BENCH_BUILD)/cpu_probe bench/probes/cpu_probe.c
	$(PYTHON_MPI) bench/bench.py --pimpi $(BIN) --np-max $(NP_MAX) --throws $(THROWS) --repeat $(REPEAT) \
	    --c-reference $(BENCH_BUILD)/pi_splitmix_ref --c-rand $(BENCH_BUILD)/pi_rand_mpi \
	    --cpu-probe $(BENCH_BUILD)/cpu_probe --cc clang --python $(PYTHON_MPI)

install: build
	install -d "$(DESTDIR)$(PREFIX)/bin"
	install -m 0755 $(BIN) "$(DESTDIR)$(PREFIX)/bin/pimpi"
	@echo "pimpi installed as $(DESTDIR)$(PREFIX)/bin/pimpi"

uninstall:
	rm -f "$(DESTDIR)$(PREFIX)/bin/pimpi"

clean:
	rm -rf .build
