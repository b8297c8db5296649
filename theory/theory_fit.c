/* theory_fit.c -- fit c, Omega, alpha of seed 003 (App. A.2, App. E.2: "we
 * select these parameters to best match the empirically observed trends of
 * training set performance"; the paper reports c = 1.15, Omega = 1.57,
 * alpha = 0.85 without a method) by nonlinear least squares with GSL
 * gsl_multifit_nlinear. */
#include "theory.h"

#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_multifit_nlinear.h>
#include <gsl/gsl_vector.h>
#include <math.h>

/* Penalty residual for a row whose model value is infinite (test loss on the
 * interpolation band |dn - p| <= 1 at the current alpha). */
#define FIT_INF_RESIDUAL 1e6

int theory_fit_model(double *loss, const model_desc *base, int test, double n,
                     double pprime, double m, double c, double omega, double alpha)
{
    if (!(n >= 1) || !(pprime > 0) || !(m >= 1) || !(c > 0) || !(omega > 1) || !(alpha > 0) ||
        !isfinite(n) || !isfinite(pprime) || !isfinite(m) || !isfinite(c) || !isfinite(omega) ||
        !isfinite(alpha))
        return modlaw_fail(MODLAW_EINVAL, "fit: row or parameter out of domain (n=%g p'=%g m=%g c=%g omega=%g alpha=%g)",
                           n, pprime, m, c, omega, alpha);
    double d = (double)base->d, x = d * n, p = alpha * pprime;
    double T1, T2;
    if (base->arch == MODEL_MODULAR) {
        /* Thm 2, exact form: Lbar = diag(I_mb, Lambda), s = omega^-b */
        double mb = m * (double)base->b;
        if (!(p > mb)) return modlaw_fail(MODLAW_EINVAL, "fit: modular row needs alpha p' > m b (p'=%g m=%g)", pprime, m);
        double s = exp(-(double)base->b * log(omega));
        T2 = c * exp(-s * log(p - mb + 1.0));
        T1 = mb - c * expm1(-s * log(p - mb + 1.0));
    } else {
        /* Thm 1 with Eq. 19: Tr(L2) = c (p+1)^-s, Tr(L1) = c - Tr(L2) */
        double s = exp(-m * log(omega));
        T2 = c * exp(-s * log(p + 1.0));
        T1 = -c * expm1(-s * log(p + 1.0));
    }
    double mn = x < p ? x : p, gap = fabs(x - p);
    if (!test) {
        *loss = (x - mn) / n * T2;                     /* Eq. 2 */
    } else {
        double F = gap <= 1.0 ? INFINITY : mn / (gap - 1.0);
        *loss = d * (T2 * (F + 1.0) + T1 * (p - mn) / p); /* Eq. 1 */
    }
    return MODLAW_OK;
}

typedef struct {
    const theory_fit_data *data;
    const model_desc *base;
    double alpha_fixed;
} fit_ctx;

static void unpack(double *c, double *om, double *al, const gsl_vector *x, const fit_ctx *fc)
{
    *c = exp(gsl_vector_get(x, 0));
    *om = 1.0 + exp(gsl_vector_get(x, 1));
    *al = fc->data->fix_alpha ? fc->alpha_fixed : exp(gsl_vector_get(x, 2));
}

static int fit_f(const gsl_vector *x, void *params, gsl_vector *f)
{
    const fit_ctx *fc = params;
    const theory_fit_data *D = fc->data;
    double c, om, al;
    unpack(&c, &om, &al, x, fc);
    for (long i = 0; i < D->rows; i++) {
        double v;
        int rc = theory_fit_model(&v, fc->base, D->test, D->n[i], D->pprime[i], D->m[i], c, om, al);
        double r;
        if (rc || !isfinite(v)) r = FIT_INF_RESIDUAL;
        else r = v - D->loss[i];
        if (D->relative && isfinite(r) && r != FIT_INF_RESIDUAL) r /= D->loss[i];
        if (!isfinite(r)) r = FIT_INF_RESIDUAL;
        gsl_vector_set(f, (size_t)i, r);
    }
    return GSL_SUCCESS;
}

int theory_fit(theory_fit_t *r, const theory_fit_data *D, const model_desc *base,
               double c0, double omega0, double alpha0)
{
    size_t np = D->fix_alpha ? 2 : 3;
    if (D->rows < (long)np + 1)
        return modlaw_fail(MODLAW_EINVAL, "--data: need at least %zu rows to fit %zu parameters (got %ld)",
                           np + 1, np, D->rows);
    if (!(c0 > 0) || !isfinite(c0)) return modlaw_fail(MODLAW_EINVAL, "--c: start value must be > 0");
    if (!(omega0 > 1) || !isfinite(omega0)) return modlaw_fail(MODLAW_EINVAL, "--omega: start value must be > 1");
    if (!(alpha0 > 0) || !isfinite(alpha0)) return modlaw_fail(MODLAW_EINVAL, "--alpha: start value must be > 0");
    for (long i = 0; i < D->rows; i++) {
        if (!(D->n[i] >= 1) || !isfinite(D->n[i]))
            return modlaw_fail(MODLAW_EINVAL, "--data: row %ld: n must be >= 1", i + 1);
        if (!(D->pprime[i] >= 1) || !isfinite(D->pprime[i]))
            return modlaw_fail(MODLAW_EINVAL, "--data: row %ld: p' must be >= 1", i + 1);
        if (!(D->m[i] >= 1) || !isfinite(D->m[i]))
            return modlaw_fail(MODLAW_EINVAL, "--data: row %ld: m must be >= 1", i + 1);
        if (!(D->loss[i] >= 0) || !isfinite(D->loss[i]) || (D->relative && D->loss[i] == 0))
            return modlaw_fail(MODLAW_EINVAL, "--data: row %ld: loss must be a finite number %s", i + 1,
                               D->relative ? "> 0 (relative residuals)" : ">= 0");
    }
    fit_ctx fc = {D, base, alpha0};
    gsl_multifit_nlinear_fdf fdf = {0};
    fdf.f = fit_f;
    fdf.df = NULL;          /* forward-difference Jacobian */
    fdf.fvv = NULL;
    fdf.n = (size_t)D->rows;
    fdf.p = np;
    fdf.params = &fc;
    gsl_multifit_nlinear_parameters prm = gsl_multifit_nlinear_default_parameters();
    gsl_error_handler_t *old = gsl_set_error_handler_off();
    gsl_multifit_nlinear_workspace *w =
        gsl_multifit_nlinear_alloc(gsl_multifit_nlinear_trust, &prm, fdf.n, np);
    gsl_vector *x0 = gsl_vector_alloc(np);
    gsl_matrix *cov = gsl_matrix_alloc(np, np);
    int rc = MODLAW_OK;
    if (!w || !x0 || !cov) {
        rc = modlaw_fail(MODLAW_ENOMEM, "fit: out of memory");
        goto done;
    }
    gsl_vector_set(x0, 0, log(c0));
    gsl_vector_set(x0, 1, log(omega0 - 1.0));
    if (np == 3) gsl_vector_set(x0, 2, log(alpha0));
    gsl_multifit_nlinear_init(x0, &fdf, w);
    int info = 0;
    int st = gsl_multifit_nlinear_driver(500, 1e-12, 1e-12, 1e-14, NULL, NULL, &info, w);
    r->iterations = (long)gsl_multifit_nlinear_niter(w);
    r->converged = st == GSL_SUCCESS;
    if (st != GSL_SUCCESS && st != GSL_EMAXITER) {
        rc = modlaw_fail(MODLAW_ENUM, "fit: GSL multifit failed: %s", gsl_strerror(st));
        goto done;
    }
    gsl_vector *x = gsl_multifit_nlinear_position(w);
    gsl_vector *f = gsl_multifit_nlinear_residual(w);
    gsl_matrix *J = gsl_multifit_nlinear_jac(w);
    unpack(&r->c, &r->omega, &r->alpha, x, &fc);
    double chi2;
    gsl_blas_ddot(f, f, &chi2);
    r->chi2 = chi2;
    r->nrows = D->rows;
    r->dof = D->rows - (long)np;
    r->rmse = sqrt(chi2 / (double)D->rows);
    /* R^2 of the raw losses against the fitted model */
    double mean = 0, sst = 0, sse = 0;
    for (long i = 0; i < D->rows; i++) mean += D->loss[i];
    mean /= (double)D->rows;
    for (long i = 0; i < D->rows; i++) {
        double v;
        if (theory_fit_model(&v, base, D->test, D->n[i], D->pprime[i], D->m[i], r->c, r->omega, r->alpha) ||
            !isfinite(v))
            v = mean + FIT_INF_RESIDUAL;
        sst += (D->loss[i] - mean) * (D->loss[i] - mean);
        sse += (v - D->loss[i]) * (v - D->loss[i]);
    }
    r->r2 = sst > 0 ? 1.0 - sse / sst : (sse == 0 ? 1.0 : 0.0);
    /* covariance of the transformed parameters, scaled by the residual
     * variance chi2/dof; delta method back to c, omega, alpha */
    gsl_multifit_nlinear_covar(J, 0.0, cov);
    double s2 = r->dof > 0 ? chi2 / (double)r->dof : INFINITY;
    double v0 = gsl_matrix_get(cov, 0, 0) * s2, v1 = gsl_matrix_get(cov, 1, 1) * s2;
    r->se_c = r->c * sqrt(v0 >= 0 ? v0 : INFINITY);
    r->se_omega = (r->omega - 1.0) * sqrt(v1 >= 0 ? v1 : INFINITY);
    if (np == 3) {
        double v2 = gsl_matrix_get(cov, 2, 2) * s2;
        r->se_alpha = r->alpha * sqrt(v2 >= 0 ? v2 : INFINITY);
    } else {
        r->se_alpha = 0.0;
    }
    if (!isfinite(r->se_c) || isnan(r->se_c)) r->se_c = INFINITY;
    if (!isfinite(r->se_omega) || isnan(r->se_omega)) r->se_omega = INFINITY;
    if (isnan(r->se_alpha)) r->se_alpha = INFINITY;
done:
    if (w) gsl_multifit_nlinear_free(w);
    if (x0) gsl_vector_free(x0);
    if (cov) gsl_matrix_free(cov);
    gsl_set_error_handler(old);
    return rc;
}
