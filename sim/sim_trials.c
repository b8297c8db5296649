/* sim_trials.c -- the one parallel trial loop every sampler uses. */
#include "sim.h"

#include <cblas.h>
#include <stdio.h>
#include <stdlib.h>

int sim_run_trials(sim_trial_fn fn, const void *ctx, long work_doubles, long trials,
                   uint64_t seed)
{
    if (trials < 1)
        return modlaw_fail(MODLAW_EINVAL, "--trials: must be a positive integer (got %ld)", trials);
    int status = MODLAW_OK;
    long failed_t = -1;   /* the lowest failing trial reports, whatever the schedule */
    char msg[512] = "";
    /* one BLAS thread inside the trial-parallel region (no oversubscription;
     * each trial's arithmetic is then identical whatever the thread count) */
    int blas_threads = openblas_get_num_threads();
    openblas_set_num_threads(1);
    #pragma omp parallel
    {
        double *work = NULL;
        if (work_doubles > 0) {
            work = malloc((size_t)work_doubles * sizeof *work);
            if (!work) {
                #pragma omp critical
                {
                    if (failed_t < 0) snprintf(msg, sizeof msg, "out of memory (%ld doubles of workspace)", work_doubles);
                    failed_t = 0;
                    #pragma omp atomic write
                    status = MODLAW_ENOMEM;
                }
            }
        }
        #pragma omp for schedule(dynamic, 1)
        for (long t = 0; t < trials; t++) {
            int st;
            #pragma omp atomic read
            st = status;
            if (st) continue;
            sim_rng rng;
            sim_rng_seed(&rng, seed, (uint64_t)t);
            int e = fn(ctx, t, &rng, work);
            if (e) {
                #pragma omp critical
                {
                    if (failed_t < 0 || t < failed_t) {
                        failed_t = t;
                        snprintf(msg, sizeof msg, "%s", modlaw_last_error());
                        #pragma omp atomic write
                        status = e;
                    }
                }
            }
        }
        free(work);
    }
    openblas_set_num_threads(blas_threads);
    if (status) return modlaw_fail(status, "%s", msg);
    return MODLAW_OK;
}
