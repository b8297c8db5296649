/* sim.h -- Monte-Carlo simulation of the models that theory/ evaluates.
 *
 * Randomness: every random quantity comes from a sim_rng stream seeded by
 * (seed, stream id).  Trial t of a run always uses stream t, so results are
 * bit-identical for a given seed whatever the number of threads.
 */
#ifndef MODLAW_SIM_H
#define MODLAW_SIM_H

#include <stdint.h>
#include "model.h"

/* ---- random numbers: xoshiro256++ seeded through splitmix64 ------------ */
typedef struct { uint64_t s[4]; } sim_rng;

/* Independent stream `stream` of the run seeded with `seed`. */
void sim_rng_seed(sim_rng *r, uint64_t seed, uint64_t stream);
uint64_t sim_rng_u64(sim_rng *r);
double sim_rng_uniform(sim_rng *r);                 /* in (0, 1)            */
double sim_rng_normal(sim_rng *r);                  /* N(0, 1)              */
void sim_rng_normal_fill(sim_rng *r, double *x, long n);
double sim_rng_gamma(sim_rng *r, double shape);     /* Gamma(shape, 1)      */
double sim_rng_chisq(sim_rng *r, double k);         /* chi^2 with k d.o.f.  */
/* out[i] ~ chi^2 with k[i] d.o.f., i = 0..n-1: exactly the values (and stream
 * use) of n successive sim_rng_chisq calls, with less overhead. */
void sim_rng_chisq_fill(sim_rng *r, double *out, const double *k, long n);

/* ---- summary statistics --------------------------------------------------- */
/* Mean and standard error (sample s.d. / sqrt(n)) of x[0..n-1], summed in
 * order (deterministic).  *se = +inf if any sample is infinite or n < 2. */
void sim_mean_se(double *mean, double *se, const double *x, long n);

/* ---- F(n, p) = E ||R^+||_F^2 ---------------------------------------------- */
typedef enum { SIM_F_SVD = 0, SIM_F_FAST = 1 } sim_F_method;

/* Workspace size in doubles for sim_gauss_pinv_norm2 at (n, p). */
long sim_gauss_pinv_work_size(long n, long p);

/* One draw of ||R^+||_F^2 for an n x p Gaussian R via its singular values
 * (LAPACKE dgesdd), using `work` (sim_gauss_pinv_work_size doubles).  If
 * `schur` is non-NULL it also returns 1/(W^-1)_11 with W = G^T G, G the tall
 * orientation of R; theory: exactly chi^2 with |n-p|+1 d.o.f. */
int sim_gauss_pinv_norm2(double *norm2, double *schur, long n, long p,
                         sim_rng *rng, double *work);

/* One draw of the same quantity from the Dumitriu-Edelman bidiagonal model
 * (no matrix is formed): O(min(n,p)) chi draws and an O(min(n,p)) recurrence. */
double sim_bidiag_pinv_norm2(long n, long p, sim_rng *rng);

/* `trials` draws of ||R^+||_F^2 into samples[0..trials-1] (and, for the SVD
 * method, the Schur statistic into schur[] when non-NULL), in parallel over
 * trials (OpenMP), trial t on stream t of `seed`. */
int sim_F_samples(double *samples, double *schur, long n, long p, long trials,
                  uint64_t seed, sim_F_method method);

/* Tail constant C of ||R^+||_F^2: P(X > t) ~ C t^-((|n-p|+1)/2) as t -> inf
 * (docs/simulation.md); q/2 at |n-p| = 1, ~sqrt(q) at n = p. */
double sim_F_tail_constant(long n, long p);

/* ---- the parallel trial loop ---------------------------------------------- */
/* One trial: fill results for trial t (indexing the caller's arrays through
 * ctx) from `rng` (stream t), using `work` (the per-thread workspace). */
typedef int (*sim_trial_fn)(const void *ctx, long t, sim_rng *rng, double *work);

/* Run trials 0..trials-1 in parallel (OpenMP, OpenBLAS held at one thread),
 * trial t on stream t of `seed`, each thread with its own workspace of
 * `work_doubles` doubles; stops at the first failure and returns its status
 * and message. */
int sim_run_trials(sim_trial_fn fn, const void *ctx, long work_doubles, long trials,
                   uint64_t seed);

/* ---- the linear model of Thm 1 / Thm 2 ------------------------------------ */
/* Coefficients beyond the controlled ones drawn explicitly; the rest of the
 * infinite tail enters through its exact total variance (docs/simulation.md:
 * the losses are linear in ||W_2||^2, so every expectation stays exact). */
#define SIM_TAIL_EXPLICIT 256

/* Standard deviations of coefficients 1 .. model_controlled(md) +
 * SIM_TAIL_EXPLICIT (malloc'd; NULL if out of memory). */
double *sim_linear_sd_table(const model_desc *md);

/* Draw one target (seed 003 Sec. 3; modular: k modules, Eqs. 7-9): the
 * controlled coefficients into W1[0..pc-1] (W1 may be NULL: then only
 * *w1norm2 = ||W_1||^2 is returned) and the return value ||W_2||^2. */
double sim_linear_draw_target(double *W1, double *w1norm2, const model_desc *md,
                              const double *sd, sim_rng *rng);

/* Draw a target and the training data: A (dn x pc, column-major), y = A W_1 +
 * B W_2 with B W_2 ~ N(0, ||W_2||^2 I) given W_2; `scratch` holds dn doubles.
 * Returns ||W_2||^2. */
double sim_linear_draw_data(double *A, double *y, double *W1, double *scratch,
                            const model_desc *md, const double *sd, sim_rng *rng);

/* One trial of the model described by md (mono or modular, as defined in
 * seed 003 Sec. 3 and Eqs. 3-9): draw the target coefficients, n training
 * inputs (d*n feature rows), fit the min-norm least-squares solution
 * (LAPACKE dgelsd), and return the training loss (1/n)||y - A theta||^2 and
 * the test loss E_x||y(x) - yhat(x)||^2 = d (||theta - W_1||^2 + ||W_2||^2),
 * the expectation over a fresh x taken exactly.  See docs/simulation.md for
 * how the infinite tail of coefficients is handled (exact in expectation). */
int sim_linear_trial(double *train, double *test, const model_desc *md, sim_rng *rng);

/* Workspace size in doubles for sim_linear_trial_work on model md. */
long sim_linear_work_size(const model_desc *md);
/* sim_linear_trial without allocation: `work` holds sim_linear_work_size(md)
 * doubles (md must be valid: model_validate). */
int sim_linear_trial_work(double *train, double *test, const model_desc *md, sim_rng *rng,
                          double *work);

/* `trials` trials in parallel; train[t], test[t] from stream t of `seed`. */
int sim_linear_samples(double *train, double *test, const model_desc *md,
                       long trials, uint64_t seed);

/* The same joint law of (train, test) per trial without forming A: the
 * singular values of A from the Dumitriu-Edelman bidiagonal model (O(p) per
 * trial), the Haar factors integrated out exactly (docs/simulation.md, "fast
 * linear model").  Train is exactly 0 when dn <= p_c.  Trial t on stream t. */
int sim_linear_trial_fast(double *train, double *test, const model_desc *md, sim_rng *rng);
int sim_linear_samples_fast(double *train, double *test, const model_desc *md, long trials,
                            uint64_t seed);


/* ---- ridge-regularised linear model (sim/sim_ridge.c, issue 4) ------------ */
/* One trial of the model md fitted by ridge regression
 * theta = (A^T A/(dn) + lam I)^-1 A^T y/(dn) (Cholesky, LAPACKE dposv);
 * train = (1/n)||y - A theta||^2, test = d (||theta - W_1||^2 + ||W_2||^2). */
int sim_ridge_trial(double *train, double *test, const model_desc *md, double lam, sim_rng *rng);
/* `trials` trials in parallel, trial t on stream t of `seed`. */
int sim_ridge_samples(double *train, double *test, const model_desc *md, double lam,
                      long trials, uint64_t seed);

#endif
