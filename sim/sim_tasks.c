/* sim_mlp_tasks.c -- the sine-wave regression task of seed 003 (Eq. 69) and its
 * nonlinear variant (Eq. 71). */
#include "mlp.h"

#include <math.h>
#include <stdlib.h>

/* Seed 003 Eq. 69 parameters: a_ij ~ N(0,1), w_ij ~ N(0, (2 pi)^2),
 * phi_ij ~ U(-pi, pi), u_i uniform on the unit sphere of R^m. */
int sim_mlp_task_alloc(sim_mlp_task **out, sim_mlp_task_kind kind, long k, long m, long tau, sim_rng *rng)
{
    *out = NULL;
    if (k < 1 || k > 100000) return modlaw_fail(MODLAW_EINVAL, "--k: must be in [1, 100000]");
    if (m < 1 || m > 100000) return modlaw_fail(MODLAW_EINVAL, "--m: must be in [1, 100000]");
    if (tau < 1 || tau > 100000) return modlaw_fail(MODLAW_EINVAL, "--tau: must be in [1, 100000]");
    sim_mlp_task *t = calloc(1, sizeof *t);
    if (!t) return modlaw_fail(MODLAW_ENOMEM, "out of memory");
    t->kind = kind;
    t->k = k;
    t->m = m;
    t->tau = tau;
    t->a = malloc((size_t)(k * tau) * sizeof(double));
    t->w = malloc((size_t)(k * tau) * sizeof(double));
    t->phi = malloc((size_t)(k * tau) * sizeof(double));
    t->u = malloc((size_t)(k * m) * sizeof(double));
    if (!t->a || !t->w || !t->phi || !t->u) {
        sim_mlp_task_free(t);
        return modlaw_fail(MODLAW_ENOMEM, "out of memory");
    }
    for (long i = 0; i < k; i++) {
        double s = 0;
        for (long l = 0; l < m; l++) {
            double z = sim_rng_normal(rng);
            t->u[i * m + l] = z;
            s += z * z;
        }
        s = s > 0 ? 1.0 / sqrt(s) : 1.0;
        for (long l = 0; l < m; l++) t->u[i * m + l] *= s;
        for (long j = 0; j < tau; j++) {
            t->a[i * tau + j] = sim_rng_normal(rng);
            t->w[i * tau + j] = 2.0 * M_PI * sim_rng_normal(rng);
            t->phi[i * tau + j] = M_PI * (2.0 * sim_rng_uniform(rng) - 1.0);
        }
    }
    *out = t;
    return MODLAW_OK;
}

void sim_mlp_task_free(sim_mlp_task *t)
{
    if (!t) return;
    free(t->a); free(t->w); free(t->phi); free(t->u);
    free(t);
}

/* Eq. 69: y(x) = k^{-1/2} sum_i sum_j a_ij sin(w_ij u_i^T x + phi_ij);
 * Eq. 71: the same with u_i^T x replaced by ||u_i - x||_2. */
int sim_mlp_task_eval(double *y, const sim_mlp_task *t, const double *x, long n)
{
    if (n < 0) return modlaw_fail(MODLAW_EINVAL, "--n: must be >= 0");
    long k = t->k, m = t->m, tau = t->tau;
    double norm = 1.0 / sqrt((double)k);
    for (long r = 0; r < n; r++) {
        const double *xr = x + r * m;
        double acc = 0;
        for (long i = 0; i < k; i++) {
            const double *u = t->u + i * m;
            double s = 0;
            if (t->kind == SIM_MLP_TASK_SINE) {
                for (long l = 0; l < m; l++) s += u[l] * xr[l];
            } else {
                for (long l = 0; l < m; l++) s += (u[l] - xr[l]) * (u[l] - xr[l]);
                s = sqrt(s);
            }
            for (long j = 0; j < tau; j++)
                acc += t->a[i * tau + j] * sin(t->w[i * tau + j] * s + t->phi[i * tau + j]);
        }
        y[r] = norm * acc;
    }
    return MODLAW_OK;
}

/* Seed 003 Sec. 4.2: x ~ N(0, I_m) for training and test draws. */
int sim_mlp_task_sample(double *x, double *y, const sim_mlp_task *t, long n, sim_rng *rng)
{
    if (n < 1) return modlaw_fail(MODLAW_EINVAL, "--n: must be positive");
    sim_rng_normal_fill(rng, x, n * t->m);
    return sim_mlp_task_eval(y, t, x, n);
}
