/* verify.h -- the judge: claims that compare theory/ with sim/.
 *
 * A claim is data (verify_claim): id, paper, equation, statement, grid,
 * statistical test.  The engine (verify_run_claim) walks the grid, computes
 * each point through the claim's `point` function, journals finished points
 * so a killed run resumes without redoing them, applies a family-wise
 * threshold, writes <out>/<id>.tsv atomically and draws the figure.
 *
 * Point verdicts are data: every row states the test used, its statistic, the
 * p-value and the verdict, and rows where no valid test exists say so
 * ("none-infinite-variance", "none-theory-infinite").
 */
#ifndef MODLAW_VERIFY_H
#define MODLAW_VERIFY_H

#include <stdint.h>
#include <stdio.h>
#include "modlaw.h"

#define VERIFY_MAX_X 8

typedef enum {
    VERIFY_TEST_Z = 0,        /* two-sided z-test of the mean, finite variance  */
    VERIFY_TEST_KS,           /* Kolmogorov-Smirnov test of a distribution       */
    VERIFY_TEST_REL,          /* deterministic: relative deviation <= tolerance  */
    VERIFY_TEST_NONE_INFVAR,  /* not judged: estimator has infinite variance     */
    VERIFY_TEST_NONE_INF,     /* not judged: theory is +inf (mean diverges)      */
    VERIFY_TEST_NONE,         /* not judged: shown for context only              */
    VERIFY_TEST_T,            /* one- or two-sided Student t-test (few replicates) */
    VERIFY_TEST_NONE_HEAVY    /* not judged: variance finite but 4th moment      */
                              /* infinite, so the sample s.e. is unreliable      */
} verify_test;
#define VERIFY_TEST_LAST VERIFY_TEST_NONE_HEAVY

typedef enum { VERIFY_AGREE = 0, VERIFY_DISAGREE = 1, VERIFY_NOT_JUDGED = 2 } verify_verdict;

typedef struct {
    double x[VERIFY_MAX_X];   /* grid coordinates (claim->xnames)               */
    double theory;            /* predicted value (may be inf)                   */
    double mean, se;          /* simulated estimate and its standard error      */
    long trials;
    verify_test test;
    double stat, pvalue;      /* test statistic (z, KS D, rel. dev.), p-value   */
    verify_verdict verdict;
} verify_point;

typedef struct {
    const char *out_dir;      /* where <id>.tsv and figures go                  */
    uint64_t seed;            /* base seed; point i uses seed + hash(i)         */
    int full;                 /* paper-scale grids and trial counts             */
    int quick;                /* tiny grids for the test suite                  */
    int progress;             /* progress lines on stderr                       */
    int plots;                /* draw figures with gnuplot                      */
    int force;                /* ignore finished points in the journal          */
    double alpha;             /* family-wise error rate of this claim [0.01]    */
    double alpha_run;         /* the run-wide rate it was split from (0: none)  */
    long nclaims;             /* ... over this many claims (Bonferroni)         */
} verify_opts;

struct verify_claim;

/* Context handed to a claim's point function. */
typedef struct {
    const struct verify_claim *claim;
    const verify_opts *opts;
    long index, npoints;      /* this point's index and the grid size            */
    uint64_t seed;            /* this point's seed                              */
    double zcrit;             /* Bonferroni z threshold for this claim          */
    double pcrit;             /* Bonferroni p-value threshold (alpha/npoints)   */
} verify_ctx;

typedef struct verify_claim {
    const char *id;           /* "thm1-test"                                     */
    const char *paper;        /* "Boopathy et al. 2024, seed 003"                */
    const char *equation;     /* "Thm 1, Eq. 1"                                  */
    const char *statement;    /* what is claimed, one sentence                   */
    const char *test_desc;    /* statistical criterion, one sentence             */
    int nx;
    const char *xnames[VERIFY_MAX_X];
    /* Fill up to `max` grid points (x vectors) and return how many, or -1 on
     * error (message set). */
    long (*grid)(double (*x)[VERIFY_MAX_X], long max, const verify_opts *o);
    /* Compute one point: fill pt->theory, mean, se, trials, test, stat,
     * pvalue, verdict (pt->x is already set).  Return a modlaw status. */
    int (*point)(verify_point *pt, const verify_ctx *ctx);
    /* Figure: x column index, series column index (-1: none), log axes. */
    int plot_x, plot_series, logx, logy;
    const char *ylabel;
    int in_default;           /* part of `modlaw verify` with no claim named    */
    int heatmap;              /* figure: theory as a colour map over           */
                              /* (x[plot_x], x[plot_series]) instead of curves  */
} verify_claim;

typedef struct {
    long points, judged, agree;
    verify_verdict verdict;   /* AGREE if all judged agree, DISAGREE if any     */
                              /* disagrees, NOT_JUDGED if nothing was judged     */
    double seconds;
} verify_summary;

/* The registry (verify/claims.def). */
const verify_claim *const *verify_claims(long *count);
const verify_claim *verify_find(const char *id);

/* Default options: out "data", seed 20240905, alpha 0.01, progress, plots. */
verify_opts verify_default_opts(void);

/* Run one claim end to end. */
int verify_run_claim(verify_summary *sum, const verify_claim *cl, const verify_opts *o);

/* Statistics helpers shared by claims ------------------------------------- */
/* Standard normal upper quantile: z with P(Z > z) = q. */
double verify_z_quantile(double q);
/* Judge a mean against theory with a two-sided z-test at ctx->zcrit.
 * Fills test, stat, pvalue, verdict. */
void verify_judge_z(verify_point *pt, const verify_ctx *ctx);
/* One-sample Kolmogorov-Smirnov test of x[0..n-1] (sorted in place) against
 * the continuous CDF `cdf`; returns the statistic D and sets *pvalue
 * (asymptotic Kolmogorov distribution with Stephens' small-n correction). */
double verify_ks_test(double *x, long n, double (*cdf)(double, const void *),
                      const void *param, double *pvalue);
/* Two-sample KS test; sorts both arrays in place. */
double verify_ks2_test(double *x, long nx, double *y, long ny, double *pvalue);

/* Helpers shared by claim files -------------------------------------------- */
/* Append grid point v[0..nx-1] to x if there is room; returns the new count. */
long verify_grid_add(double (*x)[VERIFY_MAX_X], long n, long max, int nx, const double *v);
/* A seed derived from `base` and the integers v[0..nv-1] (hash). */
uint64_t verify_seed_mix(uint64_t base, const long *v, int nv);

/* Mean and s.e. of the train and test loss of `trials` literal simulations
 * of the linear model md (sim_linear_samples), remembered per process so
 * claims over the same models (train and test views, forms that simulate the
 * same model) share one set of draws. */
typedef struct { double train_mean, train_se, test_mean, test_se; } verify_loss_stats;
#include "model.h"
int verify_linear_sim(verify_loss_stats *out, const model_desc *md, long trials, uint64_t seed);

/* Judge loss `which` (0 train, 1 test) of model md at one grid point against
 * Thm 1 / Thm 2 with the memoised simulation: z-test where valid, a
 * deterministic check where the theory is exactly 0, and "not judged" where
 * the test loss's tails leave no reliable error bar (|dn - p_c| <= 7). */
int verify_loss_point(verify_point *pt, const verify_ctx *ctx, const model_desc *md, int which,
                      long trials, uint64_t seed);

/* Name strings for the TSV. */
const char *verify_test_name(verify_test t);
const char *verify_verdict_name(verify_verdict v);

#endif
