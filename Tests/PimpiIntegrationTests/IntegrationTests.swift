import Testing

/// Every integration suite nests in this one, so the suites run one after
/// another: each launches MPI jobs and Slurm steps on a 2-core machine, and the
/// timing checks (dynamic vs static, stop deadlines) must not depend on which
/// other suite happens to be running at the same moment.
@Suite(.serialized)
struct IntegrationTests {}
