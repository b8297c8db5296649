/* bench_mlp.c -- time one training step (forward, backward, Adam) of the
 * modlaw MLP engine (sim/mlp.h) for the architectures of seed 003.
 *
 *   bench_mlp ARCH WIDTH LAYERS MODULES BATCH M STEPS THREADS
 *
 * ARCH is mono or modular.  Prints one TSV row (no header):
 *   arch width layers modules batch m threads params ms_per_step_median ms_min
 * The median is over 5 repeats of STEPS steps after 3 warm-up steps. */
#include "mlp.h"

#include <cblas.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#ifdef _OPENMP
#include <omp.h>
#endif

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    if (argc != 9) {
        fprintf(stderr, "usage: bench_mlp mono|modular WIDTH LAYERS MODULES BATCH M STEPS THREADS\n");
        return 2;
    }
    sim_mlp_arch a = {strcmp(argv[1], "modular") == 0 ? SIM_MLP_MODULAR : SIM_MLP_MONO, SIM_MLP_INPUT_PROJ,
                      atol(argv[6]), atol(argv[2]), atol(argv[3]), atol(argv[4])};
    long B = atol(argv[5]), steps = atol(argv[7]);
    int threads = atoi(argv[8]);
    if (B < 1 || steps < 1 || threads < 1) {
        fprintf(stderr, "bench_mlp: bad arguments\n");
        return 2;
    }
#ifdef _OPENMP
    omp_set_num_threads(threads);
#endif
    openblas_set_num_threads(threads);
    sim_mlp *net;
    if (sim_mlp_alloc(&net, &a, B)) {
        fprintf(stderr, "bench_mlp: %s\n", modlaw_last_error());
        return 1;
    }
    sim_rng r;
    sim_rng_seed(&r, 1, 0);
    sim_mlp_init(net, &r);
    double *x = malloc((size_t)(B * a.in_dim) * sizeof *x), *y = malloc((size_t)B * sizeof *y);
    sim_rng_normal_fill(&r, x, B * a.in_dim);
    sim_rng_normal_fill(&r, y, B);
    sim_mlp_adam opt;
    if (sim_mlp_adam_alloc(&opt, sim_mlp_nparams(net), 1e-3)) return 1;
    double L, t[5];
    for (int i = 0; i < 3; i++) {
        if (sim_mlp_loss_grad(&L, net, x, y, B)) return 1;
        sim_mlp_adam_step(&opt, sim_mlp_params(net), sim_mlp_grads(net));
    }
    for (int rep = 0; rep < 5; rep++) {
        double t0 = now();
        for (long s = 0; s < steps; s++) {
            if (sim_mlp_loss_grad(&L, net, x, y, B)) return 1;
            sim_mlp_adam_step(&opt, sim_mlp_params(net), sim_mlp_grads(net));
        }
        t[rep] = (now() - t0) / (double)steps * 1e3;
    }
    qsort(t, 5, sizeof t[0], cmp);
    printf("%s\t%ld\t%ld\t%ld\t%ld\t%ld\t%d\t%ld\t%.6g\t%.6g\n", argv[1], a.width, a.layers,
           a.kind == SIM_MLP_MODULAR ? a.modules : 0, B, a.in_dim, threads, sim_mlp_nparams(net), t[2], t[0]);
    sim_mlp_adam_free(&opt);
    sim_mlp_free(net);
    free(x);
    free(y);
    return 0;
}
