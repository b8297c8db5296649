/* verify_stats.c -- the statistical tests the verifier uses. */
#include "verify.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>

double verify_z_quantile(double q)
{
    return gsl_cdf_ugaussian_Qinv(q);
}

void verify_judge_z(verify_point *pt, const verify_ctx *ctx)
{
    pt->test = VERIFY_TEST_Z;
    if (!isfinite(pt->theory) || !isfinite(pt->mean) || !(pt->se > 0) || !isfinite(pt->se)) {
        /* a z-test needs a finite prediction and a positive finite s.e. */
        pt->stat = INFINITY;
        pt->pvalue = 0.0;
        pt->verdict = VERIFY_DISAGREE;
        return;
    }
    pt->stat = (pt->mean - pt->theory) / pt->se;
    pt->pvalue = 2.0 * gsl_cdf_ugaussian_Q(fabs(pt->stat));
    pt->verdict = fabs(pt->stat) <= ctx->zcrit ? VERIFY_AGREE : VERIFY_DISAGREE;
}

/* Kolmogorov distribution: P(K > lambda), K = lim sqrt(n) D_n. */
static double kolmogorov_q(double lambda)
{
    if (lambda <= 0) return 1.0;
    if (lambda < 1.18) {
        /* P(K <= l) = sqrt(2 pi)/l sum_j exp(-(2j-1)^2 pi^2 / (8 l^2)) */
        double s = 0.0, f = -M_PI * M_PI / (8.0 * lambda * lambda);
        for (int j = 1; j <= 8; j++) s += exp(f * (2 * j - 1) * (2 * j - 1));
        double p = sqrt(2.0 * M_PI) / lambda * s;
        return p >= 1.0 ? 0.0 : 1.0 - p;
    }
    /* P(K > l) = 2 sum_j (-1)^(j-1) exp(-2 j^2 l^2) */
    double s = 0.0;
    for (int j = 1; j <= 100; j++) {
        double t = exp(-2.0 * j * j * lambda * lambda);
        s += (j % 2 ? t : -t);
        if (t < 1e-300) break;
    }
    s *= 2.0;
    return s < 0 ? 0.0 : (s > 1 ? 1.0 : s);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Stephens (1970) finite-sample correction of the KS statistic. */
static double ks_pvalue(double D, double ne)
{
    double rn = sqrt(ne);
    return kolmogorov_q((rn + 0.12 + 0.11 / rn) * D);
}

double verify_ks_test(double *x, long n, double (*cdf)(double, const void *),
                      const void *param, double *pvalue)
{
    qsort(x, (size_t)n, sizeof *x, cmp_double);
    double D = 0.0;
    for (long i = 0; i < n; i++) {
        double F = cdf(x[i], param);
        double lo = F - (double)i / (double)n, hi = (double)(i + 1) / (double)n - F;
        if (lo > D) D = lo;
        if (hi > D) D = hi;
    }
    *pvalue = ks_pvalue(D, (double)n);
    return D;
}

double verify_ks2_test(double *x, long nx, double *y, long ny, double *pvalue)
{
    qsort(x, (size_t)nx, sizeof *x, cmp_double);
    qsort(y, (size_t)ny, sizeof *y, cmp_double);
    long i = 0, j = 0;
    double D = 0.0;
    while (i < nx && j < ny) {
        double v = x[i] < y[j] ? x[i] : y[j];
        while (i < nx && x[i] <= v) i++;
        while (j < ny && y[j] <= v) j++;
        double d = fabs((double)i / (double)nx - (double)j / (double)ny);
        if (d > D) D = d;
    }
    *pvalue = ks_pvalue(D, (double)nx * (double)ny / (double)(nx + ny));
    return D;
}

const char *verify_test_name(verify_test t)
{
    switch (t) {
    case VERIFY_TEST_Z: return "z";
    case VERIFY_TEST_KS: return "ks";
    case VERIFY_TEST_REL: return "rel";
    case VERIFY_TEST_NONE_INFVAR: return "none-infinite-variance";
    case VERIFY_TEST_NONE_INF: return "none-theory-infinite";
    case VERIFY_TEST_NONE: return "none";
    case VERIFY_TEST_T: return "t";
    case VERIFY_TEST_NONE_HEAVY: return "none-heavy-tail";
    }
    return "?";
}

const char *verify_verdict_name(verify_verdict v)
{
    return v == VERIFY_AGREE ? "agree" : v == VERIFY_DISAGREE ? "DISAGREE" : "not-judged";
}
