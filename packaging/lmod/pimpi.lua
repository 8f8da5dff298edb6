-- Lmod modulefile for pimpi @VERSION@, built for @MPI@. `make install` and
-- `make dist` write it as PREFIX/modulefiles/pimpi/@VERSION@.lua; it finds
-- PREFIX from where it lies, so the tree can be moved or unpacked anywhere:
--   module use PREFIX/modulefiles; module load pimpi
help([[
pimpi @VERSION@: Monte Carlo estimate of pi over MPI, and how it scales.

Built for @MPI@: the nodes need that MPI's runtime library (and hwloc's),
nothing else; no Swift. Load the site's @MPI_FAMILY@ module first if the MPI
is not the system's.

  mpirun -np 4 pimpi 1e10
  srun pimpi 1e10
  sbatch $PIMPI_SLURM_SCRIPTS/pimpi.slurm
  reframe -c $PIMPI_REFRAME_CHECK -r

man pimpi for the options.
]])

whatis("Name: pimpi")
whatis("Version: @VERSION@")
whatis("Description: Monte Carlo estimate of pi over MPI, and how it scales")
whatis("MPI: @MPI@")

-- modulefiles/pimpi/VERSION.lua: the prefix is three levels up.
local prefix = myFileName():match("^(.*)/modulefiles/pimpi/[^/]+$")
if not prefix then
    LmodError("pimpi's modulefile must lie in PREFIX/modulefiles/pimpi/, not " .. myFileName())
end

prepend_path("PATH", pathJoin(prefix, "bin"))
-- An empty entry stands for man's own search path (manpath(5)): without it, a
-- MANPATH that was unset would hide every system page.
prepend_path("MANPATH", pathJoin(prefix, "share/man"))
append_path("MANPATH", "")
-- bash-completion and fish look for completions under each XDG_DATA_DIRS
-- entry (and in their own directories, whatever it says); zsh under FPATH.
prepend_path("XDG_DATA_DIRS", pathJoin(prefix, "share"))
prepend_path("FPATH", pathJoin(prefix, "share/zsh/site-functions"))
setenv("PIMPI_ROOT", prefix)
setenv("PIMPI_SLURM_SCRIPTS", pathJoin(prefix, "share/pimpi/slurm"))
setenv("PIMPI_REFRAME_CHECK", pathJoin(prefix, "share/pimpi/reframe/pimpi_check.py"))
