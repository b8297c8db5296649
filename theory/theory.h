/* theory.h -- closed-form quantities of the scaling-law paper (seed 003).
 *
 * Every function has a double-precision form and, where it makes sense, an
 * Arb ball form (suffix _arb, precision last) whose result is guaranteed to
 * contain the exact value.  Infinity is a legitimate value (IEEE inf, or an
 * Arb +inf ball); NaN is never returned.
 */
#ifndef MODLAW_THEORY_H
#define MODLAW_THEORY_H

#include <arb.h>
#include "model.h"

/* F(n, p) = E ||R^+||_F^2, R in R^{n x p} with i.i.d. N(0,1) entries
 * (seed 003, Eq. 12 and App. D):
 *   F = min(n,p) / (|n-p| - 1)   for |n - p| >= 2  (inverse-Wishart mean),
 *   F = +inf                     for |n - p| <= 1  (docs/theory.md, Sec. F:
 *       1/(W^-1)_11 ~ chi^2_{|n-p|+1} and E[1/chi^2_k] = inf for k <= 2).
 * Returns MODLAW_EINVAL for n < 1 or p < 1. */
int theory_F(double *F, long n, long p);
int theory_F_arb(arb_t F, long n, long p, slong prec);

/* Var ||R^+||_F^2 exactly: with q = min(n,p), m = |n-p|, the inverse-Wishart
 * covariances Cov((W^-1)_ii, (W^-1)_kk) = (2 + 2(m-1) d_ik)/(m (m-1)^2 (m-3))
 * (identity scale) sum to 2 q (q + m - 1) / (m (m-1)^2 (m-3)) for m >= 4;
 * +inf for m <= 3 (docs/F.md).  For q = 1 it is Var(1/chi^2_r). */
int theory_F_var(double *var, long n, long p);

/* Tail index of ||R^+||_F^2: P(||R^+||^2 > t) ~ C t^-alpha with
 * alpha = (|n-p| + 1)/2, so moments of order < alpha exist.  The mean is
 * finite iff |n-p| >= 2, the variance iff |n-p| >= 4. */
double theory_F_tail_index(long n, long p);

/* Thm 1 / Thm 2 losses with their ingredients (for --explain). */
typedef struct {
    double train;   /* Eq. 2 / 11: (dn - min(dn,p_c))/n Tr(L_2)              */
    double test;    /* Eq. 1 / 10: d Tr(L_2) F(dn,p_c) - d min/p_c Tr(L_1) + d Tr(L) */
    double tr1, tr2;/* Tr(L_1), Tr(L_2)                                       */
    double F;       /* F(dn, p_c)                                             */
    long dn, pc;    /* d*n and the controlled count p_c (model_controlled)    */
} theory_loss_t;

/* Expected train and test loss of the monolithic (Thm 1) or modular (Thm 2,
 * form md->form) linear model.  test is evaluated as
 * d [Tr(L_2)(F + 1) + Tr(L_1)(1 - min(dn,p_c)/p_c)], algebraically equal to
 * Eq. 1 without its cancellation; it is +inf where F is and Tr(L_2) > 0. */
int theory_loss(theory_loss_t *res, const model_desc *md);

/* The same in ball arithmetic.  c and omega are read from md->c_str and
 * md->omega_str when set (exact decimals), else from the doubles. */
int theory_loss_arb(arb_t train, arb_t test, const model_desc *md, slong prec);

/* Traces Tr(L_1), Tr(L_2) in ball arithmetic (cf. model_traces). */
int theory_traces_arb(arb_t tr1, arb_t tr2, const model_desc *md, slong prec);

/* Combine traces into losses (shared by all forms and both precisions'
 * callers): the one formula of Thm 1. */
void theory_loss_from_traces(double *train, double *test, long n, long d, long pc,
                             double tr1, double tr2, double F);

/* ---- theory depth (issue 4): effective dimension, sample complexity, ridge,
 * fitting, spectrum files.  See docs/theory.md. ------------------------------ */

/* S(s) = sum_{i>=1} ((i^-s - (i+1)^-s)/s)^2 for 0 < s <= 1, and its limit
 * S(0) = sum_i log^2(1 + 1/i) for s = 0 (seed 003, App. A.1).  Evaluated as
 * a direct sum for i < N plus the convergent expansion
 * sum_j H_j zeta(2s + j, N) (Hurwitz zeta), no truncation of the sum over i.
 * Double: GSL gsl_sf_hzeta, |error| ~ 1e-15 relative. */
int theory_effdim_S(double *S, double s);
/* The same as a certified Arb ball (the truncation of the j-series is added
 * as an explicit error bound).  s is exact: s = omega^-e. */
int theory_effdim_S_arb(arb_t S, const arb_t s, slong prec);

/* Effective dimensionality (sum lambda)^2 / sum lambda^2 of the spectrum
 * lambda_i = c[i^-s - (i+1)^-s], s = omega^-m (App. A.1; c cancels):
 *   effdim = 1 / (s^2 S(s)) = omega^(2m) / S(s),
 * so the ratio to the paper's Omega^(2m) is exactly 1/S(s) and tends to
 * 1/S(0) = 1/sum log^2(1+1/i) as m -> inf.  effdim is +inf in double when
 * it overflows; log10_effdim is always finite. */
typedef struct {
    double s;            /* omega^-m (0 if it underflows)                 */
    double S;            /* S(s)                                          */
    double ratio;        /* effdim / omega^(2m) = 1/S(s)                  */
    double effdim;       /* omega^(2m) / S(s)                             */
    double log10_effdim; /* 2 m log10(omega) - log10 S(s)                 */
} theory_effdim_t;
int theory_effdim(theory_effdim_t *r, double omega, long m);
/* Arb: effdim and ratio as balls; omega from omega_str (exact decimal) when
 * non-NULL, else the double. */
int theory_effdim_arb(arb_t effdim, arb_t ratio, const char *omega_str, double omega,
                      long m, slong prec);
/* The m -> inf limit of the ratio, 1/S(0), as a ball. */
int theory_effdim_limit_arb(arb_t lim, slong prec);
/* (sum lambda)^2 / sum lambda^2 of an explicit list (user spectrum). */
int theory_effdim_list(double *effdim, const double *lambda, long n);

/* Sample complexity (seed 003, Fig. 3, Fig. 4a): for the model md (md->n is
 * ignored) and a target eps > 0,
 *   n_needed = the smallest n such that test(n') <= eps for EVERY n' >= n
 *              (the loss stays below eps from n on; this is the useful
 *              definition when the curve is non-monotone, double descent),
 *   n_first  = the smallest n with test(n) <= eps (may lie before the
 *              interpolation peak at dn ~ p and be followed by a rise),
 *   floor    = lim_{n->inf} test(n) = d Tr(L_2).
 * When eps <= floor the target is never reached: status THEORY_SAMPLES_NEVER
 * and n_needed = n_first = +inf (n_first can still be finite when the dip
 * before the peak reaches eps: then status THEORY_SAMPLES_TRANSIENT). */
typedef enum {
    THEORY_SAMPLES_REACHED = 0,
    THEORY_SAMPLES_NEVER = 1,
    THEORY_SAMPLES_TRANSIENT = 2
} theory_samples_status;
typedef struct {
    double n_needed, n_first, floor;
    double test_at;      /* test(n_needed) (inf if never)                 */
    theory_samples_status status;
} theory_samples_t;
int theory_samples(theory_samples_t *r, const model_desc *md, double eps);

/* Parameter count p' of a fully connected network with `layers` linear
 * layers (layers - 1 hidden layers of `width` units), input `in`, output
 * `out`, biases included (seed 003, App. E.2 counts with in = m = 1). */
int theory_mlp_params(long *pprime, long width, long layers, long in, long out);

/* Ridge-regularised extension of Thm 1 (penalty lam on ||theta||^2 with the
 * loss normalised by the number of rows dn): theta = (A^T A/dn + lam I)^-1
 * A^T y/dn.  Large-n, p asymptotics with gamma = p_c/(dn) fixed (Hastie,
 * Montanari, Rosset, Tibshirani 2019, isotropic features), with the
 * Marchenko-Pastur Stieltjes transform m(z) at z = -lam:
 *   test  = d [Tr(L_1) lam^2 m' + Tr(L_2) gamma (m - lam m') + Tr(L_2)]
 *   train = d [Tr(L_1) lam^2 (m - lam m') + Tr(L_2)(gamma lam^2 m' + 1 - gamma)]
 * lam > 0.  As lam -> 0 this tends to the dn, p -> inf limit of Thm 1. */
typedef struct {
    double train, test;
    double m, dm;        /* m(-lam), m'(-lam)                             */
    double gamma;        /* p_c / (d n)                                   */
    double tr1, tr2;
    double bias;         /* Tr(L_1) lam^2 m'          (cancellation-free)  */
    double variance;     /* Tr(L_2) gamma (m - lam m') (cancellation-free)  */
} theory_ridge_t;
int theory_ridge(theory_ridge_t *r, const model_desc *md, double lam);
int theory_ridge_arb(arb_t train, arb_t test, const model_desc *md, double lam, slong prec);

/* Nonlinear least-squares fit of (c, omega, alpha) (seed 003, App. A.2,
 * E.2) to rows (n, p', m, loss) with GSL gsl_multifit_nlinear (trust region,
 * Levenberg-Marquardt).  The model value of a row is the Thm 1 (arch mono) or
 * Thm 2 exact (arch modular, b and k from `base`) train or test loss at
 * p = alpha p' treated as a real number.  Parameters are fitted on log c,
 * log(omega - 1), log alpha so the constraints hold; standard errors are
 * from the Jacobian at the optimum (delta method), scaled by the residual
 * variance. */
typedef struct {
    double c, omega, alpha;
    double se_c, se_omega, se_alpha;
    double chi2, rmse, r2;   /* sum of squared residuals, sqrt(chi2/N), R^2  */
    long nrows, dof, iterations;
    int converged;
} theory_fit_t;
typedef struct {
    const double *n, *pprime, *m, *loss;
    long rows;
    int test;                 /* 0: fit train losses, 1: test losses         */
    int relative;             /* residuals (model - loss)/loss                */
    int fix_alpha;            /* keep alpha at its start value                */
} theory_fit_data;
int theory_fit(theory_fit_t *r, const theory_fit_data *data, const model_desc *base,
               double c0, double omega0, double alpha0);
/* The model value used by the fit (exposed for tests and synthetic data). */
int theory_fit_model(double *loss, const model_desc *base, int test, double n,
                     double pprime, double m, double c, double omega, double alpha);

/* Spectrum files: one eigenvalue per line, '#' starts a comment, blank lines
 * ignored.  Every value must be a finite number >= 0.  Errors name the line:
 * "--spectrum: line 7: ...".  *lambda is malloc'd (free it). */
#define THEORY_SPECTRUM_MAX (1L << 24)
int theory_spectrum_parse(double **lambda, long *n, const char *text, size_t len);
int theory_spectrum_load(double **lambda, long *n, const char *path);

#endif
