/* A classic C MPI Monte Carlo pi, as a baseline for `make bench`: the program
 * most tutorials show. Each rank seeds rand() with its rank, throws its share
 * with rand()/RAND_MAX, and the hit counts are summed on rank 0.
 *
 *     mpicc -O2 -o pi_rand_mpi pi_rand_mpi.c && mpirun -np 2 ./pi_rand_mpi 1e8
 *
 * Prints one JSON line: name, throws, ranks, seconds (barrier to end of reduce), pi.
 */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
    MPI_Init(&argc, &argv);
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    long long n = argc > 1 ? (long long)atof(argv[1]) : 100000000LL;
    long long mine = n / size + (rank < n % size ? 1 : 0);
    srand(12345u + (unsigned)rank);

    MPI_Barrier(MPI_COMM_WORLD);
    double start = MPI_Wtime();
    long long hits = 0;
    for (long long i = 0; i < mine; i++) {
        double x = (double)rand() / RAND_MAX;
        double y = (double)rand() / RAND_MAX;
        if (x * x + y * y <= 1.0) hits++;
    }
    long long total = 0;
    MPI_Reduce(&hits, &total, 1, MPI_LONG_LONG, MPI_SUM, 0, MPI_COMM_WORLD);
    double seconds = MPI_Wtime() - start;
    if (rank == 0) {
        printf("{\"name\": \"c-rand-mpi\", \"throws\": %lld, \"ranks\": %d, \"seconds\": %.9f, \"pi\": %.12f}\n",
               n, size, seconds, 4.0 * (double)total / (double)n);
    }
    MPI_Finalize();
    return 0;
}
