/* model.c -- model description, spectrum and traces (see model.h). */
#include "model.h"

#include <limits.h>
#include <math.h>

model_desc model_default(void)
{
    model_desc md = {0};
    md.arch = MODEL_MONO;
    md.form = MODEL_FORM_EXACT;
    md.d = 1; md.m = 1; md.b = 1; md.k = 1;
    md.c = 1.15; md.omega = 1.57;
    md.c_str = "1.15"; md.omega_str = "1.57";
    return md;
}

int model_validate(const model_desc *md)
{
    if (md->n < 1) return modlaw_fail(MODLAW_EINVAL, "--n: must be a positive integer (got %ld)", md->n);
    if (md->p < 1) return modlaw_fail(MODLAW_EINVAL, "--p: must be a positive integer (got %ld)", md->p);
    if (md->d < 1) return modlaw_fail(MODLAW_EINVAL, "--d: must be a positive integer (got %ld)", md->d);
    if (md->m < 1) return modlaw_fail(MODLAW_EINVAL, "--m: must be a positive integer (got %ld)", md->m);
    if (md->b < 1) return modlaw_fail(MODLAW_EINVAL, "--b: must be a positive integer (got %ld)", md->b);
    if (md->k < 1) return modlaw_fail(MODLAW_EINVAL, "--k: must be a positive integer (got %ld)", md->k);
    if (md->n > LONG_MAX / md->d || md->n * md->d > (1L << 40))
        return modlaw_fail(MODLAW_EINVAL, "--n: d*n = %ld*%ld is too large", md->d, md->n);
    if (md->p > (1L << 40)) return modlaw_fail(MODLAW_EINVAL, "--p: too large (max 2^40)");
    if (!(md->c > 0) || !isfinite(md->c))
        return modlaw_fail(MODLAW_EINVAL, "--c: must be a finite number > 0 (got %g)", md->c);
    if (!(md->omega > 1) || !isfinite(md->omega))
        return modlaw_fail(MODLAW_EINVAL, "--omega: must be a finite number > 1 (got %g)", md->omega);
    if (md->arch != MODEL_MONO && md->arch != MODEL_MODULAR)
        return modlaw_fail(MODLAW_EINVAL, "--arch: must be mono or modular");
    if (md->form != MODEL_FORM_EXACT && md->form != MODEL_FORM_PRINTED &&
        md->form != MODEL_FORM_EQ5)
        return modlaw_fail(MODLAW_EINVAL, "--form: must be exact, printed or eq5");
    if (md->arch == MODEL_MODULAR && md->m > (1L << 30) / md->b)
        return modlaw_fail(MODLAW_EINVAL, "--m: m*b is too large");
    if (md->arch == MODEL_MODULAR && md->form != MODEL_FORM_EQ5) {
        if (md->m * md->b >= md->p)
            return modlaw_fail(MODLAW_EINVAL,
                "--p: the modular model needs p > m*b (Thm 2); got p = %ld, m*b = %ld*%ld",
                md->p, md->m, md->b);
    }
    if (md->lambda) {
        if (md->nlambda < 1) return modlaw_fail(MODLAW_EINVAL, "--spectrum: empty spectrum");
        for (long i = 0; i < md->nlambda; i++)
            if (!(md->lambda[i] >= 0) || !isfinite(md->lambda[i]))
                return modlaw_fail(MODLAW_EINVAL,
                    "--spectrum: eigenvalue %ld is not a finite number >= 0", i + 1);
    }
    return MODLAW_OK;
}

double model_exponent(const model_desc *md)
{
    double e = (md->arch == MODEL_MODULAR) ? (double)md->b : (double)md->m;
    return exp(-e * log(md->omega));
}

long model_identity_block(const model_desc *md)
{
    return md->arch == MODEL_MODULAR ? md->m * md->b : 0;
}

long model_controlled(const model_desc *md)
{
    if (md->arch == MODEL_MODULAR && md->form == MODEL_FORM_EQ5)
        return md->p + md->m * md->b;
    return md->p;
}

double model_lambda(const model_desc *md, long i)
{
    if (i < 1) return 0.0;
    if (md->lambda) return i <= md->nlambda ? md->lambda[i - 1] : 0.0;
    double s = model_exponent(md);
    /* c (i^-s - (i+1)^-s) = -c i^-s expm1(-s log1p(1/i)) */
    return -md->c * exp(-s * log((double)i)) * expm1(-s * log1p(1.0 / (double)i));
}

/* Tail sum of the spectrum block from index j (>= 1) on: sum_{i>=j} lambda_i. */
static double spectrum_tail(const model_desc *md, long j)
{
    if (md->lambda) {
        /* Sum the smaller terms first for accuracy. */
        double t = 0.0;
        for (long i = md->nlambda; i >= j && i >= 1; i--) t += md->lambda[i - 1];
        return t;
    }
    /* Telescoping (Eq. 49): c j^-s */
    return md->c * exp(-model_exponent(md) * log((double)j));
}

/* Head sum sum_{i<j} lambda_i (j >= 1). */
static double spectrum_head(const model_desc *md, long j)
{
    if (md->lambda) {
        double t = 0.0;
        long top = j - 1 < md->nlambda ? j - 1 : md->nlambda;
        for (long i = top; i >= 1; i--) t += md->lambda[i - 1];
        return t;
    }
    /* c (1 - j^-s) = -c expm1(-s log j), no cancellation for small s */
    return -md->c * expm1(-model_exponent(md) * log((double)j));
}

double model_coef_var(const model_desc *md, long i)
{
    long mb = model_identity_block(md);
    return i <= mb ? 1.0 : model_lambda(md, i - mb);
}

double model_coef_tail(const model_desc *md, long i)
{
    long mb = model_identity_block(md);
    if (i < 1) i = 1;
    if (i <= mb) return (double)(mb - i + 1) + spectrum_tail(md, 1);
    return spectrum_tail(md, i - mb);
}

int model_traces(double *tr1, double *tr2, const model_desc *md)
{
    int rc = model_validate(md);
    if (rc) return rc;
    long mb = model_identity_block(md);
    long j; /* first spectrum index not controlled by the model */
    if (md->arch == MODEL_MODULAR && md->form != MODEL_FORM_EXACT)
        j = md->p + 1;          /* Eqs. 63-64 as printed; also the EQ5 reading */
    else
        j = md->p - mb + 1;     /* first p coefficients of diag(I_mb, Lambda) */
    *tr1 = (double)mb + spectrum_head(md, j);
    *tr2 = spectrum_tail(md, j);
    return MODLAW_OK;
}
