/* cmd_theory.c -- `modlaw theory loss|F|grid|effdim|samples|fit`. */
#include "cli.h"
#include "theory.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define PREC_MAX 1000000

/* Print an Arb ball with only the digits it guarantees (arb_get_str with
 * ARB_STR_NO_RADIUS: correct to within one unit in the last place). */
/* Check that every ball carries at least one correct digit (or is +-inf):
 * otherwise the precision is too low to say anything and we refuse. */
static int arb_printable(const arb_t x)
{
    if (arf_is_nan(arb_midref(x))) return 0;
    if (!arb_is_finite(x)) return arf_is_inf(arb_midref(x)) && mag_is_finite(arb_radref(x));
    return arb_is_exact(x) || arb_rel_accuracy_bits(x) >= 4;
}

/* Print an Arb ball with only the digits it guarantees (arb_get_str with
 * ARB_STR_NO_RADIUS: correct to within one unit in the last place). */
static void print_arb(FILE *out, const arb_t x, slong prec)
{
    if (!arb_is_finite(x)) {
        fputs(arf_sgn(arb_midref(x)) < 0 ? "-inf" : "inf", out);
        return;
    }
    slong digits = (slong)(prec * 0.30102999566398) + 1;
    char *s = arb_get_str(x, digits, ARB_STR_NO_RADIUS);
    fputs(s, out);
    flint_free(s);
}

static const char *arch_name(const model_desc *md) { return md->arch == MODEL_MODULAR ? "modular" : "mono"; }
static const char *form_name(const model_desc *md)
{
    return md->form == MODEL_FORM_PRINTED ? "printed" : md->form == MODEL_FORM_EQ5 ? "eq5" : "exact";
}

/* ---- --explain: the arithmetic of Thm 1 / Thm 2 step by step ---------------- */

static void explain_traces(const model_desc *md, const theory_loss_t *r)
{
    long mb = model_identity_block(md);
    double s = model_exponent(md);
    if (md->lambda) {
        printf("Spectrum: the %ld eigenvalues read from --spectrum (lambda_i = 0 beyond the list).\n",
               md->nlambda);
        if (mb) printf("Lbar = diag(I_%ld, Lambda): the first m*b = %ld coefficients have variance 1.\n", mb, mb);
        printf("  Tr(L1) = sum of the first p_c = %ld coefficient variances = %.10g\n", r->pc, r->tr1);
        printf("  Tr(L2) = sum of the rest                                 = %.10g\n", r->tr2);
        return;
    }
    if (md->arch == MODEL_MONO) {
        printf("Spectrum (Eq. 19): lambda_i = c [i^-s - (i+1)^-s], s = Omega^-m = %g^-%ld = %.10g\n",
               md->omega, md->m, s);
        printf("  The sum telescopes: sum_{i<=p} lambda_i = c (1 - (p+1)^-s), sum_{i>p} = c (p+1)^-s.\n");
        printf("  Tr(L2) = c (p+1)^-s = %g * %ld^-%.10g = %.10g      (Eq. 49)\n", md->c, md->p + 1, s, r->tr2);
        printf("  Tr(L1) = c - Tr(L2)  = %g - %.10g = %.10g          (Eq. 48)\n", md->c, r->tr2, r->tr1);
        printf("  Tr(L)  = c = %g\n", md->c);
        return;
    }
    printf("Modular model (Thm 2): Lbar = diag(I_mb, Lambda), m*b = %ld*%ld = %ld identity coefficients,\n",
           md->m, md->b, mb);
    printf("  then Lambda of Eq. 8: lambda_i = c [i^-s - (i+1)^-s], s = Omega^-b = %g^-%ld = %.10g (no m).\n",
           md->omega, md->b, s);
    if (md->form == MODEL_FORM_EXACT) {
        printf("  Form 'exact': the model controls the first p = %ld coefficients of Lbar, i.e. all %ld\n"
               "  identity ones and the first p - mb = %ld spectrum ones, so\n", md->p, mb, md->p - mb);
        printf("  Tr(Lbar2) = c (p - mb + 1)^-s = %g * %ld^-%.10g = %.10g\n", md->c, md->p - mb + 1, s, r->tr2);
        printf("  Tr(Lbar1) = mb + c - Tr(Lbar2) = %ld + %g - %.10g = %.10g\n", mb, md->c, r->tr2, r->tr1);
    } else {
        printf("  Form '%s': Eq. 10 as printed: Tr(Lbar2) = c (p+1)^-s = %g * %ld^-%.10g = %.10g\n",
               md->form == MODEL_FORM_PRINTED ? "printed" : "eq5", md->c, md->p + 1, s, r->tr2);
        printf("  Tr(Lbar1) = mb + c - c (p+1)^-s = %ld + %g - %.10g = %.10g\n", mb, md->c, r->tr2, r->tr1);
        if (md->form == MODEL_FORM_EQ5)
            printf("  Eq. 5 read literally: the model controls p + mb = %ld coefficients (p_c below).\n", r->pc);
    }
    printf("  (k = %ld modules: Wbar = k^-1/2 sum_j W_j keeps the covariance Lbar, so k does not enter.)\n",
           md->k);
}

static void explain_F(long dn, long pc, double F)
{
    long gap = labs(dn - pc), mn = dn < pc ? dn : pc;
    if (gap <= 1)
        printf("  |dn - p_c| = %ld <= 1, so F(dn, p_c) = E||R^+||_F^2 = +inf: the smallest squared singular\n"
               "  value of R has a density that does not vanish at 0 fast enough (1/(W^-1)_11 ~ chi^2_%ld,\n"
               "  and E[1/chi^2_k] = inf for k <= 2; see docs/F.md).\n", gap, gap + 1);
    else
        printf("  |dn - p_c| = %ld >= 2, so F(dn, p_c) = min(dn,p_c)/(|dn-p_c| - 1) = %ld/%ld = %.10g\n"
               "  (mean of the inverse Wishart matrix, App. D).\n", gap, mn, gap - 1, F);
}

static void explain_loss(const model_desc *md, const theory_loss_t *r)
{
    long dn = r->dn, pc = r->pc, mn = dn < pc ? dn : pc;
    printf("%s, seed 003 %s, with d = %ld, n = %ld, p = %ld, m = %ld",
           md->arch == MODEL_MODULAR ? "Theorem 2 (modular)" : "Theorem 1 (monolithic)",
           md->arch == MODEL_MODULAR ? "Eqs. 10-11" : "Eqs. 1-2", md->d, md->n, md->p, md->m);
    if (md->arch == MODEL_MODULAR) printf(", b = %ld, k = %ld", md->b, md->k);
    if (!md->lambda) printf(", c = %g, Omega = %g", md->c, md->omega);
    printf("\n\nStep 1. Traces of the coefficient covariance split at the controlled coefficients.\n");
    explain_traces(md, r);
    printf("\nStep 2. Which branch of min(dn, p_c)?  dn = %ld*%ld = %ld, p_c = %ld.\n", md->d, md->n, dn, pc);
    if (dn > pc)
        printf("  dn > p_c: more equations than parameters (under-parameterised); min = p_c = %ld.\n"
               "  The fit cannot interpolate: train loss > 0, and the Tr(L1) term of the test loss vanishes.\n", pc);
    else if (dn < pc)
        printf("  dn < p_c: fewer equations than parameters (over-parameterised); min = dn = %ld.\n"
               "  The min-norm solution interpolates: train loss = 0.\n", dn);
    else
        printf("  dn = p_c: the interpolation threshold; min = %ld, train loss = 0.\n", dn);
    printf("\nStep 3. F(dn, p_c) = E||R^+||_F^2 for a %ld x %ld Gaussian R.\n", dn, pc);
    explain_F(dn, pc, r->F);
    printf("\nStep 4. Train loss (Eq. %s): (dn - min)/n Tr(L2) = (%ld - %ld)/%ld * %.10g = %.10g\n",
           md->arch == MODEL_MODULAR ? "11" : "2", dn, mn, md->n, r->tr2, r->train);
    printf("\nStep 5. Test loss (Eq. %s): d Tr(L2) F - d min/p_c Tr(L1) + d Tr(L)\n",
           md->arch == MODEL_MODULAR ? "10" : "1");
    if (isinf(r->F) && r->tr2 > 0) {
        printf("  = %ld * %.10g * inf - ... = +inf  (F is infinite and Tr(L2) > 0)\n", md->d, r->tr2);
    } else {
        printf("  = %ld*%.10g*%.10g - %ld*(%ld/%ld)*%.10g + %ld*%.10g\n", md->d, r->tr2, r->F, md->d, mn, pc,
               r->tr1, md->d, r->tr1 + r->tr2);
        printf("  Computed without cancellation as d [Tr(L2)(F + 1) + Tr(L1)(1 - min/p_c)]\n");
        printf("  = %ld * [%.10g * %.10g + %.10g * %.10g] = %.10g\n", md->d, r->tr2,
               (r->tr2 > 0 ? r->F + 1.0 : 0.0), r->tr1, (double)(pc - mn) / (double)pc, r->test);
    }
    printf("\nResult: train = %.10g, test = %.10g\n", r->train, r->test);
}

static void explain_ridge(const model_desc *md, const theory_ridge_t *r, double lam)
{
    printf("Ridge-regularised %s model, seed 003 Thm %s with a ridge penalty (docs/theory.md):\n",
           md->arch == MODEL_MODULAR ? "modular" : "monolithic", md->arch == MODEL_MODULAR ? "2" : "1");
    printf("theta = (A^T A/(dn) + lam I)^-1 A^T y/(dn), lam = %g; proportional limit dn, p -> inf.\n\n", lam);
    printf("Step 1. Traces: Tr(L1) = %.10g (signal the model can fit), Tr(L2) = %.10g (acts as noise).\n",
           r->tr1, r->tr2);
    printf("Step 2. gamma = p_c/(dn) = %ld/%ld = %.10g\n", model_controlled(md), md->d * md->n, r->gamma);
    printf("Step 3. Marchenko-Pastur Stieltjes transform at z = -lam: root of\n"
           "        gamma lam m^2 + (1 - gamma + lam) m - 1 = 0:  m = %.10g\n", r->m);
    printf("        m' = (gamma m^2 + m)/((1 - gamma + lam) + 2 gamma lam m) = %.10g\n", r->dm);
    printf("Step 4. bias     = Tr(L1) lam^2 m'            = %.10g\n", r->bias);
    printf("        variance = Tr(L2) gamma (m - lam m')  = %.10g\n", r->variance);
    printf("        (both evaluated in cancellation-free forms, theory/theory_ridge.c)\n");
    printf("        test     = d (bias + variance + Tr(L2)) = %.10g\n", r->test);
    printf("Step 5. train    = d [Tr(L1) lam^2 (m - lam m') + Tr(L2)(gamma lam^2 m' + 1 - gamma)] = %.10g\n",
           r->train);
}

/* Load --spectrum into md (the caller frees *buf). */
static int load_spectrum(const char *cmd, model_desc *md, double **buf, const char *path)
{
    *buf = NULL;
    if (!path) return CLI_OK;
    long n;
    int rc = theory_spectrum_load(buf, &n, path);
    if (rc) return cli_error(cmd, rc == MODLAW_ENOMEM ? CLI_EFAIL : CLI_EUSAGE, "%s", modlaw_last_error());
    md->lambda = *buf;
    md->nlambda = n;
    return CLI_OK;
}

int cmd_theory_loss(int argc, char **argv)
{
    const char *cmd = "theory loss";
    model_desc md = model_default();
    cli_model_choices ch;
    long prec = 0;
    int explain = 0;
    double ridge = 0;
    const char *spectrum = NULL;
    cli_opt opts[CLI_MODEL_NOPTS + 5];
    int no = cli_model_opts(opts, &md, &ch);
    opts[no++] = (cli_opt){"prec", CLI_LONG, &prec, "BITS",
        "evaluate in Arb ball arithmetic at BITS bits; print only guaranteed digits", NULL, 2, PREC_MAX, NULL, 0};
    opts[no++] = (cli_opt){"spectrum", CLI_STRING, &spectrum, "FILE",
        "general spectrum: one eigenvalue per line ('#' comments); replaces Eq. 19 / Eq. 8", NULL, 1, 0, NULL, 0};
    opts[no++] = (cli_opt){"ridge", CLI_DOUBLE, &ridge, "LAM",
        "ridge penalty lam > 0: proportional-limit (Marchenko-Pastur) losses instead of ridgeless", NULL, 1e-300, 1e12, NULL, 0};
    opts[no++] = (cli_opt){"explain", CLI_FLAG, &explain, NULL,
        "print the formula with these numbers substituted, step by step (text, not TSV)", NULL, 1, 0, NULL, 0};
    cli_spec spec = {cmd, "Expected train and test loss of the linear model (seed 003, Thm 1 / Thm 2).",
        "test  = d Tr(L2) F(dn,p) - d min(dn,p)/p Tr(L1) + d Tr(L)    (Eq. 1 / 10)\n"
        "train = (dn - min(dn,p))/n Tr(L2)                              (Eq. 2 / 11)\n"
        "Spectrum lambda_i = c[i^-s - (i+1)^-s], s = omega^-m (mono) or omega^-b (modular),\n"
        "or the list in --spectrum FILE.  --ridge LAM: ridge fit, large-n,p asymptotics\n"
        "(Hastie et al. 2019; docs/theory.md); then F is not used and prints as '-'.\n"
        "Columns: arch form n p d m b k train test tr1 tr2 F (F is inf for |dn-p| <= 1).",
        opts, no, NULL, NULL, 0, NULL};
    int rc = cli_parse(&spec, argc, argv);
    if (rc) return rc;
    double *lam_buf = NULL;
    /* a spectrum list replaces Eq. 19 / Eq. 8: c and Omega (and, for the
     * monolithic model, m and b) would be silently ignored */
    if (spectrum && (cli_seen(&spec, "c") || cli_seen(&spec, "omega") ||
                     (ch.arch == 0 && (cli_seen(&spec, "m") || cli_seen(&spec, "b")))))
        return cli_error(cmd, CLI_EUSAGE, "--spectrum: replaces Eq. 19; cannot be combined with --c or "
                         "--omega (nor --m, --b for the monolithic model)");
    if ((rc = load_spectrum(cmd, &md, &lam_buf, spectrum))) return rc;
    if ((rc = cli_model_finish(cmd, &md, &ch))) { free(lam_buf); return rc; }

    theory_loss_t r;
    theory_ridge_t rr;
    if ((rc = theory_loss(&r, &md))) { free(lam_buf); return cli_fail(cmd, rc); }
    if (ridge > 0 && (rc = theory_ridge(&rr, &md, ridge))) { free(lam_buf); return cli_fail(cmd, rc); }
    if (explain) {
        if (ridge > 0) explain_ridge(&md, &rr, ridge);
        else explain_loss(&md, &r);
        free(lam_buf);
        return CLI_OK;
    }
    /* compute everything before printing, so a failure prints only the error */
    arb_t ab[5];
    for (int i = 0; i < 5; i++) arb_init(ab[i]);
    if (prec) {
        rc = ridge > 0 ? theory_ridge_arb(ab[0], ab[1], &md, ridge, prec)
                       : theory_loss_arb(ab[0], ab[1], &md, prec);
        if (!rc) rc = theory_traces_arb(ab[2], ab[3], &md, prec);
        if (!rc) rc = theory_F_arb(ab[4], r.dn, r.pc, prec);
        for (int i = 0; i < 5 && !rc; i++)
            if (!arb_printable(ab[i]))
                rc = modlaw_fail(MODLAW_EINVAL, "--prec: %ld bits do not determine a single digit of "
                                 "the result; use more bits", prec);
    }
    if (!rc) {
        cli_provenance(stdout);
        if (prec) printf("# precision: %ld bits (Arb balls; printed digits are guaranteed)\n", prec);
        if (spectrum) printf("# spectrum: %ld eigenvalues from %s\n", md.nlambda, spectrum);
        if (ridge > 0) printf("# ridge: lam = %.17g (proportional-limit asymptotics)\n", ridge);
        printf("arch\tform\tn\tp\td\tm\tb\tk\ttrain\ttest\ttr1\ttr2\tF\n");
        printf("%s\t%s\t%ld\t%ld\t%ld\t%ld\t%ld\t%ld\t", arch_name(&md), form_name(&md),
               md.n, md.p, md.d, md.m, md.b, md.k);
        double v[5] = {r.train, r.test, r.tr1, r.tr2, r.F};
        if (ridge > 0) { v[0] = rr.train; v[1] = rr.test; }
        for (int i = 0; i < 5; i++) {
            if (i == 4 && ridge > 0) fputs("-", stdout);
            else if (prec) print_arb(stdout, ab[i], prec);
            else cli_print_double(stdout, v[i], 15);
            putchar(i < 4 ? '\t' : '\n');
        }
    }
    for (int i = 0; i < 5; i++) arb_clear(ab[i]);
    flint_cleanup();
    if (rc) { free(lam_buf); return cli_fail(cmd, rc); }
    free(lam_buf);
    return CLI_OK;
}

int cmd_theory_F(int argc, char **argv)
{
    const char *cmd = "theory F";
    long n = 0, p = 0, prec = 0;
    int explain = 0;
    cli_opt opts[] = {
        {"n", CLI_LONG, &n, "N", "rows of R (required)", NULL, 1, 1e15, NULL, 0},
        {"p", CLI_LONG, &p, "P", "columns of R (required)", NULL, 1, 1e15, NULL, 0},
        {"prec", CLI_LONG, &prec, "BITS", "evaluate in Arb at BITS bits", NULL, 2, PREC_MAX, NULL, 0},
        {"explain", CLI_FLAG, &explain, NULL, "explain which case applies and why (text, not TSV)", NULL, 1, 0, NULL, 0},
    };
    cli_spec spec = {cmd, "F(n,p) = E||R^+||_F^2 for R in R^{n x p} with i.i.d. N(0,1) entries.",
        "F = min(n,p)/(|n-p|-1) for |n-p| >= 2 (seed 003, App. D); F = inf for |n-p| <= 1\n"
        "(proof in docs/F.md: 1/(W^-1)_11 ~ chi^2_{|n-p|+1}, whose inverse has no mean).\n"
        "Columns: n p F tail_index (moments of ||R^+||^2 of order < tail_index exist).",
        opts, 4, NULL, NULL, 0, NULL};
    int rc = cli_parse(&spec, argc, argv);
    if (rc) return rc;
    if (!n) return cli_error(cmd, CLI_EUSAGE, "--n: required");
    if (!p) return cli_error(cmd, CLI_EUSAGE, "--p: required");
    double F;
    if ((rc = theory_F(&F, n, p))) return cli_fail(cmd, rc);
    if (explain) {
        long q = n < p ? n : p, big = n < p ? p : n;
        printf("F(n, p) = E||R^+||_F^2 with R a %ld x %ld matrix of i.i.d. N(0,1) entries (seed 003, Eq. 12).\n\n", n, p);
        printf("Step 1. ||R^+||_F^2 = Tr((G^T G)^-1) with G the tall orientation (%ld x %ld) of R:\n"
               "        W = G^T G is Wishart with %ld degrees of freedom in dimension %ld.\n", big, q, big, q);
        printf("Step 2. |n - p| = %ld.\n", labs(n - p));
        explain_F(n, p, F);
        printf("Step 3. Tail: P(||R^+||^2 > t) ~ C t^-a with a = (|n-p|+1)/2 = %g; moments of order < a exist\n"
               "        (mean finite iff |n-p| >= 2, variance iff |n-p| >= 4).\n", theory_F_tail_index(n, p));
        printf("\nResult: F(%ld, %ld) = %.17g\n", n, p, F);
        return CLI_OK;
    }
    cli_provenance(stdout);
    printf("n\tp\tF\ttail_index\n%ld\t%ld\t", n, p);
    if (prec) {
        arb_t Fa;
        arb_init(Fa);
        theory_F_arb(Fa, n, p, prec);
        print_arb(stdout, Fa, prec);
        arb_clear(Fa);
        flint_cleanup();
    } else {
        cli_print_double(stdout, F, 17);
    }
    printf("\t%g\n", theory_F_tail_index(n, p));
    return CLI_OK;
}

int cmd_theory_grid(int argc, char **argv)
{
    const char *cmd = "theory grid";
    model_desc md = model_default();
    cli_model_choices ch;
    long nmax = 0, pmax = 0, step = 1;
    int explain = 0;
    cli_opt opts[CLI_MODEL_NOPTS + 4];
    int no = cli_model_opts(opts, &md, &ch);
    opts[no++] = (cli_opt){"explain", CLI_FLAG, &explain, NULL,
        "describe the regions of the plane and walk through its centre point (text, not TSV)", NULL, 1, 0, NULL, 0};
    /* n and p are replaced by the grid bounds */
    opts[1] = (cli_opt){"n-max", CLI_LONG, &nmax, "N", "largest n (grid n = step, 2 step, ...) (required)", NULL, 1, 1e6, NULL, 0};
    opts[2] = (cli_opt){"p-max", CLI_LONG, &pmax, "P", "largest p (required)", NULL, 1, 1e6, NULL, 0};
    opts[no++] = (cli_opt){"step", CLI_LONG, &step, "S", "grid step in n and p [1]", NULL, 1, 1e6, NULL, 0};
    cli_spec spec = {cmd, "Thm 1 / Thm 2 train and test loss over the (n, p) plane (Fig. 1 of seed 003).",
        "Columns: n p train test (test is inf on the band |dn-p| <= 1).  Points where the\n"
        "modular model is undefined (p <= m b) are skipped.",
        opts, no, NULL, NULL, 0, NULL};
    int rc = cli_parse(&spec, argc, argv);
    if (rc) return rc;
    if (!nmax) return cli_error(cmd, CLI_EUSAGE, "--n-max: required");
    if (!pmax) return cli_error(cmd, CLI_EUSAGE, "--p-max: required");
    if ((double)(nmax / step) * (double)(pmax / step) > 1e7)
        return cli_error(cmd, CLI_EUSAGE, "--step: grid has more than 1e7 points; use a larger step");
    md.n = nmax; md.p = pmax; /* validate the largest point before printing anything */
    if ((rc = cli_model_finish(cmd, &md, &ch))) return rc;
    if (explain) {
        long band = 0, interp = 0, under = 0, skipped = 0;
        for (long n = step; n <= nmax; n += step)
            for (long p = step; p <= pmax; p += step) {
                md.n = n; md.p = p;
                if (md.arch == MODEL_MODULAR && md.form != MODEL_FORM_EQ5 && p <= md.m * md.b) { skipped++; continue; }
                long dn = md.d * n, pc = model_controlled(&md);
                if (labs(dn - pc) <= 1) band++;
                else if (dn < pc) interp++;
                else under++;
            }
        printf("The (n, p) plane of %s, n = %ld..%ld, p = %ld..%ld, step %ld (Fig. 1 of seed 003):\n",
               md.arch == MODEL_MODULAR ? "Thm 2" : "Thm 1", step, nmax, step, pmax, step);
        printf("  dn < p_c - 1  (%ld points): the fit interpolates, train = 0; test has the Tr(L1)(1 - dn/p_c) term.\n", interp);
        printf("  |dn - p_c| <= 1 (%ld points): F = inf, so test = inf (the interpolation peak).\n", band);
        printf("  dn > p_c + 1  (%ld points): train = (dn - p_c)/n Tr(L2) > 0, test = d Tr(L2)(F + 1).\n", under);
        if (skipped) printf("  %ld points with p <= m b are skipped (the modular model needs p > m b).\n", skipped);
        md.n = (nmax / step / 2 > 0 ? nmax / step / 2 : 1) * step;
        md.p = (pmax / step / 2 > 0 ? pmax / step / 2 : 1) * step;
        if (md.arch == MODEL_MODULAR && md.form != MODEL_FORM_EQ5 && md.p <= md.m * md.b) md.p = pmax;
        if (model_validate(&md)) return cli_fail(cmd, MODLAW_EINVAL);
        theory_loss_t r;
        if ((rc = theory_loss(&r, &md))) return cli_fail(cmd, rc);
        printf("\nCentre point n = %ld, p = %ld:\n\n", md.n, md.p);
        explain_loss(&md, &r);
        return CLI_OK;
    }
    cli_provenance(stdout);
    printf("n\tp\ttrain\ttest\n");
    for (long n = step; n <= nmax; n += step) {
        for (long p = step; p <= pmax; p += step) {
            md.n = n; md.p = p;
            if (md.arch == MODEL_MODULAR && md.form != MODEL_FORM_EQ5 && p <= md.m * md.b) continue;
            theory_loss_t r;
            if ((rc = theory_loss(&r, &md))) return cli_fail(cmd, rc);
            printf("%ld\t%ld\t", n, p);
            cli_print_double(stdout, r.train, 10);
            putchar('\t');
            cli_print_double(stdout, r.test, 10);
            putchar('\n');
        }
        putchar('\n'); /* blank line between n blocks: gnuplot pm3d scans */
    }
    return CLI_OK;
}

/* ---- theory effdim ----------------------------------------------------------- */

int cmd_theory_effdim(int argc, char **argv)
{
    const char *cmd = "theory effdim";
    long m = 0, mmax = 0, prec = 0;
    double omega = 1.57;
    const char *omega_str = "1.57", *spectrum = NULL;
    int explain = 0;
    cli_opt opts[] = {
        {"m", CLI_LONG, &m, "M", "input dimension m (exponent of s = Omega^-m; use b for Eq. 8) (required)", NULL, 1, 1e7, NULL, 0},
        {"m-max", CLI_LONG, &mmax, "M2", "also print rows m+1 .. M2", NULL, 1, 1e7, NULL, 0},
        {"omega", CLI_DOUBLE, &omega, "W", "spectrum base Omega > 1 [1.57]", NULL, 1, 0, &omega_str, 0},
        {"prec", CLI_LONG, &prec, "BITS", "certified Arb balls at BITS bits, <= 2000 (only guaranteed digits printed)", NULL, 2, 2000, NULL, 0},
        {"spectrum", CLI_STRING, &spectrum, "FILE", "instead: effective dimension of the eigenvalues in FILE", NULL, 1, 0, NULL, 0},
        {"explain", CLI_FLAG, &explain, NULL, "derivation with these numbers (text, not TSV)", NULL, 1, 0, NULL, 0},
    };
    cli_spec spec = {cmd, "Effective dimensionality (sum lambda)^2/sum lambda^2 of the spectrum (seed 003, App. A.1).",
        "lambda_i = c[i^-s - (i+1)^-s], s = Omega^-m.  c cancels.  effdim = Omega^(2m)/S(s) with\n"
        "S(s) = sum_i ((i^-s - (i+1)^-s)/s)^2, summed exactly (direct head + Hurwitz-zeta series\n"
        "for the infinite tail; docs/theory.md).  The paper's approximation Omega^(2m) is off by\n"
        "the factor ratio = 1/S(s), which tends to 1/sum_i log^2(1+1/i) = 1.02334... as m grows.\n"
        "Columns: m omega s S ratio ratio_limit effdim log10_effdim omega_2m.\n"
        "With --spectrum: columns eigenvalues effdim.",
        opts, 6, NULL, NULL, 0, NULL};
    int rc = cli_parse(&spec, argc, argv);
    if (rc) return rc;
    if (spectrum) {
        if (cli_seen(&spec, "m") || cli_seen(&spec, "m-max") || cli_seen(&spec, "omega"))
            return cli_error(cmd, CLI_EUSAGE, "--spectrum: cannot be combined with --m, --m-max or --omega");
        double *lam;
        long n;
        if ((rc = theory_spectrum_load(&lam, &n, spectrum)))
            return cli_error(cmd, rc == MODLAW_ENOMEM ? CLI_EFAIL : CLI_EUSAGE, "%s", modlaw_last_error());
        double e;
        rc = theory_effdim_list(&e, lam, n);
        free(lam);
        if (rc) return cli_fail(cmd, rc);
        if (explain) {
            printf("Effective dimension of the %ld eigenvalues in %s: (sum lambda)^2 / sum lambda^2 = %.15g\n", n, spectrum, e);
            return CLI_OK;
        }
        cli_provenance(stdout);
        printf("eigenvalues\teffdim\n%ld\t", n);
        cli_print_double(stdout, e, 15);
        putchar('\n');
        return CLI_OK;
    }
    if (!m) return cli_error(cmd, CLI_EUSAGE, "--m: required");
    if (!(omega > 1)) return cli_error(cmd, CLI_EUSAGE, "--omega: must be a finite number > 1 (got %g)", omega);
    if (!mmax) mmax = m;
    if (mmax < m) return cli_error(cmd, CLI_EUSAGE, "--m-max: must be >= --m (%ld < %ld)", mmax, m);
    if (mmax - m > 100000) return cli_error(cmd, CLI_EUSAGE, "--m-max: at most 100000 rows");
    if (prec && mmax - m >= 1000) return cli_error(cmd, CLI_EUSAGE, "--m-max: at most 1000 rows with --prec");
    if (explain) {
        theory_effdim_t r;
        if ((rc = theory_effdim(&r, omega, m))) return cli_fail(cmd, rc);
        double S0;
        theory_effdim_S(&S0, 0.0);
        printf("Effective dimensionality of lambda_i = c [i^-s - (i+1)^-s] (seed 003, App. A.1), m = %ld, Omega = %g\n\n", m, omega);
        printf("Step 1. s = Omega^-m = %g^-%ld = %.10g\n", omega, m, r.s);
        printf("Step 2. sum_i lambda_i telescopes to c, so (sum lambda)^2 = c^2.\n");
        printf("Step 3. sum_i lambda_i^2 = c^2 s^2 S(s), S(s) = sum_i ((i^-s - (i+1)^-s)/s)^2.\n");
        printf("        The first 31 terms are summed directly; for i >= 32 expand\n"
               "        (x^-s - (x+1)^-s)/s = sum_k q_k x^(-s-k), q_1 = 1, q_(k+1) = -q_k (s+k)/(k+1),\n"
               "        square, and sum each power exactly with the Hurwitz zeta function:\n"
               "        sum_{i>=32} = sum_j H_j zeta(2s + j, 32), H_j = sum_k q_k q_(j-k).\n");
        printf("        S(s) = %.15g\n", r.S);
        printf("Step 4. effdim = c^2 / (c^2 s^2 S(s)) = Omega^(2m) / S(s) = %.10g / %.10g = %.10g\n",
               pow(omega, 2.0 * (double)m), r.S, r.effdim);
        printf("        (log10 effdim = %.10g)\n", r.log10_effdim);
        printf("Step 5. The paper says effdim ~ Omega^(2m) = %.10g.  The ratio is exactly 1/S(s) = %.10g;\n",
               pow(omega, 2.0 * (double)m), r.ratio);
        printf("        as m -> inf, s -> 0 and (i^-s - (i+1)^-s)/s -> log(1 + 1/i), so the ratio tends to\n"
               "        1/sum_i log^2(1 + 1/i) = 1/%.15g = %.15g: the claim holds up to a factor %.4f.\n",
               S0, 1.0 / S0, 1.0 / S0);
        return CLI_OK;
    }
    cli_provenance(stdout);
    if (prec) printf("# precision: %ld bits (Arb balls; printed digits are guaranteed)\n", prec);
    printf("m\tomega\ts\tS\tratio\tratio_limit\teffdim\tlog10_effdim\tomega_2m\n");
    arb_t e, ra, lim;
    arb_init(e); arb_init(ra); arb_init(lim);
    double S0;
    theory_effdim_S(&S0, 0.0);
    if (prec && (rc = theory_effdim_limit_arb(lim, prec))) goto fail;
    for (long mm = m; mm <= mmax; mm++) {
        theory_effdim_t r;
        if ((rc = theory_effdim(&r, omega, mm))) goto fail;
        printf("%ld\t%s\t", mm, omega_str ? omega_str : "?");
        cli_print_double(stdout, r.s, 15); putchar('\t');
        cli_print_double(stdout, r.S, 15); putchar('\t');
        if (prec) {
            if ((rc = theory_effdim_arb(e, ra, omega_str, omega, mm, prec))) goto fail;
            print_arb(stdout, ra, prec); putchar('\t');
            print_arb(stdout, lim, prec); putchar('\t');
            print_arb(stdout, e, prec); putchar('\t');
        } else {
            cli_print_double(stdout, r.ratio, 15); putchar('\t');
            cli_print_double(stdout, 1.0 / S0, 15); putchar('\t');
            cli_print_double(stdout, r.effdim, 15); putchar('\t');
        }
        cli_print_double(stdout, r.log10_effdim, 15); putchar('\t');
        double w2m = 2.0 * (double)mm * log10(omega) > 308 ? INFINITY : pow(omega, 2.0 * (double)mm);
        cli_print_double(stdout, w2m, 15); putchar('\n');
    }
    arb_clear(e); arb_clear(ra); arb_clear(lim);
    flint_cleanup();
    return CLI_OK;
fail:
    arb_clear(e); arb_clear(ra); arb_clear(lim);
    flint_cleanup();
    return cli_fail(cmd, rc);
}

/* ---- theory samples ---------------------------------------------------------- */

static const char *samples_status_name(theory_samples_status s)
{
    return s == THEORY_SAMPLES_REACHED ? "reached" : s == THEORY_SAMPLES_TRANSIENT ? "transient" : "never";
}

/* Certify n_needed with Arb: test(n) <= eps and, when n > 1, test(n-1) > eps
 * (or n-1 lies on/before the interpolation peak).  Returns 1 certified,
 * 0 not decidable at this precision, -1 contradicted. */
static int samples_certify(const model_desc *md0, double n, double eps, slong prec)
{
    if (!(n < 1e12)) return 0;
    model_desc md = *md0;
    arb_t tr, te, E;
    arb_init(tr); arb_init(te); arb_init(E);
    arb_set_d(E, eps);
    int res = 1;
    md.n = (long)n;
    if (theory_loss_arb(tr, te, &md, prec) || !arb_is_finite(te)) res = 0;
    else if (arb_gt(te, E)) res = -1;
    else if (!arb_le(te, E)) res = 0;
    if (res == 1 && md.n > 1) {
        md.n -= 1;
        if (theory_loss_arb(tr, te, &md, prec)) res = 0;
        else if (!arb_is_finite(te) || arb_gt(te, E)) res = 1;
        else if (arb_le(te, E) && md.d * md.n >= model_controlled(&md) + 2) res = -1; /* n-1 would do */
        /* n-1 below eps but before the peak: n is still right (the loss rises after it) */
    }
    arb_clear(tr); arb_clear(te); arb_clear(E);
    return res;
}

int cmd_theory_samples(int argc, char **argv)
{
    const char *cmd = "theory samples";
    model_desc md = model_default();
    cli_model_choices ch;
    long pprime = 0, width = 0, layers = 0, mmax = 0, prec = 0;
    double eps = 0, alpha = 0.85;
    int explain = 0;
    cli_opt opts[CLI_MODEL_NOPTS + 9];
    int no = cli_model_opts(opts, &md, &ch);
    /* --n is the answer, not an input: replace it */
    opts[1] = (cli_opt){"eps", CLI_DOUBLE, &eps, "E", "target expected test loss eps > 0 (required)", NULL, 1e-300, 1e300, NULL, 0};
    opts[2].help = "effective parameters p (or give --pprime, or --width and --layers)";
    opts[no++] = (cli_opt){"pprime", CLI_LONG, &pprime, "P'", "real network parameter count p'; p = round(alpha p')", NULL, 1, 1e12, NULL, 0};
    opts[no++] = (cli_opt){"width", CLI_LONG, &width, "W", "MLP hidden width: p' counted with input 1, output d", NULL, 1, 1 << 20, NULL, 0};
    opts[no++] = (cli_opt){"layers", CLI_LONG, &layers, "L", "MLP linear layers (L-1 hidden layers)", NULL, 1, 1000, NULL, 0};
    opts[no++] = (cli_opt){"alpha", CLI_DOUBLE, &alpha, "A", "effective-parameter ratio p = alpha p' [0.85]", NULL, 1e-9, 1e9, NULL, 0};
    opts[no++] = (cli_opt){"m-max", CLI_LONG, &mmax, "M2", "rows for m = --m .. M2 (Fig. 3 sweep)", NULL, 1, 1e6, NULL, 0};
    opts[no++] = (cli_opt){"prec", CLI_LONG, &prec, "BITS", "certify each n_needed with Arb balls at BITS bits", NULL, 2, PREC_MAX, NULL, 0};
    opts[no++] = (cli_opt){"explain", CLI_FLAG, &explain, NULL, "explain the answer step by step (text, not TSV)", NULL, 1, 0, NULL, 0};
    cli_spec spec = {cmd, "Samples needed to reach an expected test loss eps (seed 003, Fig. 3, Fig. 4a).",
        "n_needed = smallest n with test(n') <= eps for every n' >= n (the loss stays below eps:\n"
        "the useful definition under double descent); n_first = smallest n with test(n) <= eps;\n"
        "floor = lim test = d Tr(L2).  status: reached | never (eps <= floor: n_needed = inf) |\n"
        "transient (never for good, but the dip before the peak reaches eps at n_first).\n"
        "p from --p, or p = round(alpha p') with --pprime or --width/--layers (MLP counted with\n"
        "input 1 as in App. E.2; output d).  Columns: arch form m b p_prime p eps n_needed n_first\n"
        "floor test_at_n status [certified].",
        opts, no, NULL, NULL, 0, NULL};
    int rc = cli_parse(&spec, argc, argv);
    if (rc) return rc;
    if (!cli_seen(&spec, "eps")) return cli_error(cmd, CLI_EUSAGE, "--eps: required");
    int have_p = cli_seen(&spec, "p"), have_pp = cli_seen(&spec, "pprime");
    int have_arch = cli_seen(&spec, "width") || cli_seen(&spec, "layers");
    if (have_p + have_pp + (have_arch ? 1 : 0) != 1)
        return cli_error(cmd, CLI_EUSAGE, "--p: give exactly one of --p, --pprime, or --width with --layers");
    if (have_arch) {
        if (!width) return cli_error(cmd, CLI_EUSAGE, "--width: required with --layers");
        if (!layers) return cli_error(cmd, CLI_EUSAGE, "--layers: required with --width");
        if ((rc = theory_mlp_params(&pprime, width, layers, 1, md.d))) return cli_fail(cmd, rc);
    }
    if (pprime) {
        double pv = floor(alpha * (double)pprime + 0.5);
        if (!(pv >= 1) || pv > 1e12) return cli_error(cmd, CLI_EUSAGE, "--pprime: p = alpha p' = %g is out of range [1, 1e12]", alpha * (double)pprime);
        md.p = (long)pv;
    }
    if (!mmax) mmax = md.m;
    if (mmax < md.m) return cli_error(cmd, CLI_EUSAGE, "--m-max: must be >= --m");
    if (mmax - md.m > 100000) return cli_error(cmd, CLI_EUSAGE, "--m-max: at most 100000 rows");
    md.n = 1;
    long m0 = md.m;
    md.m = mmax; /* validate the largest m too (modular p > m b) */
    if ((rc = cli_model_finish(cmd, &md, &ch))) return rc;
    md.m = m0;
    if ((rc = model_validate(&md))) return cli_fail(cmd, rc);
    if (explain) {
        theory_samples_t r;
        if ((rc = theory_samples(&r, &md, eps))) return cli_fail(cmd, rc);
        md.n = 1;
        theory_loss_t L;
        theory_loss(&L, &md);
        printf("Sample complexity of the %s model (seed 003), d = %ld, m = %ld, p = %ld",
               arch_name(&md), md.d, md.m, md.p);
        if (pprime) printf(" (= round(%g * p' = %ld))", alpha, pprime);
        printf(", eps = %g\n\n", eps);
        printf("Step 1. Traces (independent of n): Tr(L1) = %.10g, Tr(L2) = %.10g, p_c = %ld.\n", L.tr1, L.tr2, L.pc);
        printf("Step 2. For dn >= p_c + 2, test(n) = d Tr(L2) (1 + p_c/(dn - p_c - 1)) decreases to the floor\n"
               "        d Tr(L2) = %.10g.\n", r.floor);
        if (r.status != THEORY_SAMPLES_REACHED) {
            printf("Step 3. eps = %g <= floor: more data never brings the loss below eps for good.\n", eps);
            if (r.status == THEORY_SAMPLES_TRANSIENT)
                printf("        (Before the interpolation peak the loss dips to eps at n = %.0f, then rises to inf.)\n", r.n_first);
            printf("\nResult: n_needed = inf (status %s)\n", samples_status_name(r.status));
            return CLI_OK;
        }
        double q = eps / r.floor - 1.0;
        printf("Step 3. test(n) <= eps  <=>  p_c/(dn - p_c - 1) <= eps/(d Tr(L2)) - 1 = %.10g\n"
               "        <=>  dn >= p_c + 1 + p_c/%.10g = %.10g.\n", q, q, (double)L.pc + 1 + (double)L.pc / q);
        printf("Step 4. Smallest such integer n (checked against the loss itself): n = %.0f,\n"
               "        test(n) = %.10g <= %g.\n", r.n_needed, r.test_at, eps);
        double npk = ceil(((double)L.pc + 2.0) / (double)md.d);
        if (r.n_needed < npk)
            printf("Step 5. No integer n puts dn on the band |dn - p_c| <= 1 here (d = %ld), and the convex branch\n"
                   "        dn <= p_c - 2 is already below eps up to n = %.0f, so the answer moves back to n = %.0f.\n",
                   md.d, npk - 1, r.n_needed);
        else
            printf("Step 5. Below dn = p_c - 1 the loss is a different (convex) branch and the band |dn - p_c| <= 1\n"
                   "        %s, so the loss cannot stay below eps from any earlier n on.\n",
                   L.tr2 > 0 ? "is infinite (or the branch exceeds eps)" : "separates it");
        if (r.n_first < r.n_needed)
            printf("        Note: the first n with test(n) <= eps is n_first = %.0f, before the peak (double\n"
                   "        descent); it is not returned as n_needed because the loss rises again after it.\n", r.n_first);
        printf("\nResult: n_needed = %.0f\n", r.n_needed);
        return CLI_OK;
    }
    if (prec && (double)(mmax - m0 + 1) * (double)prec > 4e6)
        return cli_error(cmd, CLI_EUSAGE, "--prec: %ld rows at %ld bits is too much work (limit: rows x bits "
                         "<= 4e6); lower --prec or --m-max", mmax - m0 + 1, prec);
    cli_provenance(stdout);
    if (prec) printf("# certified: n_needed checked with Arb balls at %ld bits (test(n) <= eps < test(n-1)); "
                     "n/a where eps is never reached or only transiently (decided in double)\n", prec);
    printf("arch\tform\tm\tb\tp_prime\tp\teps\tn_needed\tn_first\tfloor\ttest_at_n\tstatus%s\n",
           prec ? "\tcertified" : "");
    for (long m = m0; m <= mmax; m++) {
        md.m = m;
        theory_samples_t r;
        if ((rc = theory_samples(&r, &md, eps))) return cli_fail(cmd, rc);
        printf("%s\t%s\t%ld\t%ld\t%ld\t%ld\t", arch_name(&md), form_name(&md), m, md.b, pprime, md.p);
        cli_print_double(stdout, eps, 10); putchar('\t');
        cli_print_double(stdout, r.n_needed, 17); putchar('\t');
        cli_print_double(stdout, r.n_first, 17); putchar('\t');
        cli_print_double(stdout, r.floor, 12); putchar('\t');
        cli_print_double(stdout, r.test_at, 12); putchar('\t');
        fputs(samples_status_name(r.status), stdout);
        if (prec) {
            /* only a reached n_needed is certified; 'never'/'transient' rows
             * are decided in double and say so */
            if (r.status != THEORY_SAMPLES_REACHED) {
                fputs("\tn/a", stdout);
            } else {
                int c = samples_certify(&md, r.n_needed, eps, prec);
                if (c < 0) return cli_error(cmd, CLI_EFAIL, "internal: Arb contradicts n_needed = %.0f at m = %ld", r.n_needed, m);
                printf("\t%s", c ? "yes" : "undecided");
            }
        }
        putchar('\n');
    }
    flint_cleanup();
    return CLI_OK;
}

/* ---- theory fit ---------------------------------------------------------------- */

/* Read a TSV with columns n, p' (header "pprime", "p'" or "p_prime"), m,
 * loss, in any order, '#' comment lines, one header line.  Errors name the
 * line.  Arrays are malloc'd into cols[0..3]. */
static int read_fit_tsv(const char *cmd, const char *path, double *cols[4], long *rows)
{
    FILE *f = fopen(path, "r");
    if (!f) return cli_error(cmd, CLI_EUSAGE, "--data: cannot open '%s'", path);
    char line[4096];
    int idx[4] = {-1, -1, -1, -1}, ncol = 0, have_header = 0;
    long cap = 0, n = 0, ln = 0;
    for (int k = 0; k < 4; k++) cols[k] = NULL;
    int rc = CLI_OK;
    while (fgets(line, sizeof line, f)) {
        ln++;
        size_t L = strlen(line);
        if (L == sizeof line - 1 && line[L - 1] != '\n') { rc = cli_error(cmd, CLI_EUSAGE, "--data: line %ld: too long", ln); break; }
        while (L && (line[L - 1] == '\n' || line[L - 1] == '\r')) line[--L] = '\0';
        if (L == 0 || line[0] == '#') continue;
        char *fields[64];
        int nf = 0;
        char *save = NULL;
        for (char *t = strtok_r(line, "\t", &save); t && nf < 64; t = strtok_r(NULL, "\t", &save)) fields[nf++] = t;
        if (!have_header) {
            have_header = 1;
            ncol = nf;
            for (int k = 0; k < nf; k++) {
                const char *h = fields[k];
                if (!strcmp(h, "n")) idx[0] = k;
                else if (!strcmp(h, "pprime") || !strcmp(h, "p'") || !strcmp(h, "p_prime")) idx[1] = k;
                else if (!strcmp(h, "m")) idx[2] = k;
                else if (!strcmp(h, "loss")) idx[3] = k;
            }
            static const char *need[4] = {"n", "pprime", "m", "loss"};
            for (int k = 0; k < 4 && !rc; k++)
                if (idx[k] < 0) rc = cli_error(cmd, CLI_EUSAGE, "--data: line %ld: header has no column '%s' (need n, pprime, m, loss)", ln, need[k]);
            if (rc) break;
            continue;
        }
        if (nf != ncol) { rc = cli_error(cmd, CLI_EUSAGE, "--data: line %ld: %d fields, header has %d", ln, nf, ncol); break; }
        if (n == cap) {
            cap = cap ? 2 * cap : 256;
            if (cap > 10000000) { rc = cli_error(cmd, CLI_EUSAGE, "--data: more than 1e7 rows"); break; }
            for (int k = 0; k < 4; k++) {
                double *nc = realloc(cols[k], (size_t)cap * sizeof *nc);
                if (!nc) { rc = cli_error(cmd, CLI_EFAIL, "--data: out of memory"); break; }
                cols[k] = nc;
            }
            if (rc) break;
        }
        for (int k = 0; k < 4; k++) {
            char *end;
            errno = 0;
            double v = strtod(fields[idx[k]], &end);
            if (end == fields[idx[k]] || *end || !isfinite(v) || errno == ERANGE) {
                rc = cli_error(cmd, CLI_EUSAGE, "--data: line %ld: '%.40s' is not a finite number", ln, fields[idx[k]]);
                break;
            }
            cols[k][n] = v;
        }
        if (rc) break;
        n++;
    }
    fclose(f);
    if (!rc && !have_header) rc = cli_error(cmd, CLI_EUSAGE, "--data: '%s' has no header line", path);
    if (rc) {
        for (int k = 0; k < 4; k++) { free(cols[k]); cols[k] = NULL; }
        return rc;
    }
    *rows = n;
    return CLI_OK;
}

int cmd_theory_fit(int argc, char **argv)
{
    const char *cmd = "theory fit";
    model_desc md = model_default();
    cli_model_choices ch;
    const char *data = NULL;
    double alpha = 0.85;
    int test = 0, relative = 0, fix_alpha = 0, explain = 0;
    cli_opt opts[CLI_MODEL_NOPTS + 7];
    int no = cli_model_opts(opts, &md, &ch);
    opts[1] = (cli_opt){"data", CLI_STRING, &data, "FILE", "TSV with columns n, pprime, m, loss (required)", NULL, 1, 0, NULL, 0};
    opts[2] = (cli_opt){"loss", CLI_CHOICE, &test, NULL, "which loss the table holds [train]", "train|test", 1, 0, NULL, 0};
    opts[4].help = "ignored (m comes from the table)";
    opts[7].help = "start value of c [1.15]";
    opts[8].help = "start value of Omega [1.57]";
    opts[no++] = (cli_opt){"alpha", CLI_DOUBLE, &alpha, "A", "start value of alpha [0.85]", NULL, 1e-9, 1e9, NULL, 0};
    opts[no++] = (cli_opt){"fix-alpha", CLI_FLAG, &fix_alpha, NULL, "keep alpha fixed (fit c and Omega only)", NULL, 1, 0, NULL, 0};
    opts[no++] = (cli_opt){"relative", CLI_FLAG, &relative, NULL, "minimise relative residuals (model - loss)/loss", NULL, 1, 0, NULL, 0};
    opts[no++] = (cli_opt){"explain", CLI_FLAG, &explain, NULL, "explain the model, the fit and the first rows' residuals (text, not TSV)", NULL, 1, 0, NULL, 0};
    cli_spec spec = {cmd, "Fit c, Omega, alpha of the theory to measured losses (seed 003, App. A.2, E.2).",
        "Nonlinear least squares (GSL gsl_multifit_nlinear, trust region) of the Thm 1 (mono) or\n"
        "Thm 2 exact (modular; --b, --d from the flags) train or test loss at p = alpha p'\n"
        "against each row (n, pprime, m, loss).  Standard errors from the Jacobian at the optimum\n"
        "scaled by chi2/dof.  Columns: c se_c omega se_omega alpha se_alpha rows dof chi2 rmse r2\n"
        "iterations converged.",
        opts, no, NULL, NULL, 0, NULL};
    int rc = cli_parse(&spec, argc, argv);
    if (rc) return rc;
    if (!data) return cli_error(cmd, CLI_EUSAGE, "--data: required");
    if (cli_seen(&spec, "m")) return cli_error(cmd, CLI_EUSAGE, "--m: m comes from the data table");
    if (cli_seen(&spec, "k")) return cli_error(cmd, CLI_EUSAGE, "--k: not used by the fit (Thm 1/2 do not depend on k)");
    if (!(md.c > 0)) return cli_error(cmd, CLI_EUSAGE, "--c: start value must be > 0");
    if (!(md.omega > 1)) return cli_error(cmd, CLI_EUSAGE, "--omega: start value must be > 1");
    md.arch = ch.arch == 1 ? MODEL_MODULAR : MODEL_MONO;
    md.form = MODEL_FORM_EXACT;
    double *cols[4];
    long rows = 0;
    if ((rc = read_fit_tsv(cmd, data, cols, &rows))) return rc;
    theory_fit_data D = {cols[0], cols[1], cols[2], cols[3], rows, test, relative, fix_alpha};
    theory_fit_t r;
    rc = theory_fit(&r, &D, &md, md.c, md.omega, alpha);
    if (!rc && explain) {
        printf("Fit of the %s %s loss (seed 003, App. A.2 / E.2) to %ld rows of %s\n\n", arch_name(&md),
               test ? "test" : "train", rows, data);
        if (md.arch == MODEL_MODULAR)
            printf("Model per row: Thm 2 (exact form), b = %ld, d = %ld, s = Omega^-b, p = alpha p' (real),\n"
                   "  Tr(Lbar2) = c (p - m b + 1)^-s, Tr(Lbar1) = m b + c - Tr(Lbar2).\n", md.b, md.d);
        else
            printf("Model per row: Thm 1, d = %ld, s = Omega^-m, p = alpha p' (real),\n"
                   "  Tr(L2) = c (p+1)^-s, Tr(L1) = c - Tr(L2).\n", md.d);
        printf("  %s\n", test ? "test = d [Tr(L2)(F(dn,p) + 1) + Tr(L1)(1 - min(dn,p)/p)]  (Eq. 1)"
                              : "train = (dn - min(dn,p))/n Tr(L2)  (Eq. 2)");
        printf("Unknowns fitted as log c, log(Omega - 1)%s so c > 0, Omega > 1%s hold; start c = %g, Omega = %g, alpha = %g.\n",
               fix_alpha ? "" : ", log alpha", fix_alpha ? "" : ", alpha > 0", md.c, md.omega, alpha);
        printf("GSL gsl_multifit_nlinear (trust region, Levenberg-Marquardt) minimises the sum of squared %s residuals;\n"
               "converged: %s after %ld iterations.\n\n", relative ? "relative" : "absolute",
               r.converged ? "yes" : "NO", r.iterations);
        printf("Estimates (standard errors from (J^T J)^-1 chi2/dof at the optimum, delta method):\n");
        printf("  c     = %.6g +- %.2g\n  Omega = %.6g +- %.2g\n  alpha = %.6g +- %.2g%s\n\n", r.c, r.se_c, r.omega,
               r.se_omega, r.alpha, r.se_alpha, fix_alpha ? " (fixed)" : "");
        printf("Goodness of fit: chi2 = %.6g on %ld degrees of freedom, rmse = %.6g, R^2 = %.6f\n\n", r.chi2, r.dof,
               r.rmse, r.r2);
        printf("First rows: n  p'  m  loss  model  residual\n");
        for (long i = 0; i < rows && i < 10; i++) {
            double v;
            if (theory_fit_model(&v, &md, test, cols[0][i], cols[1][i], cols[2][i], r.c, r.omega, r.alpha)) v = INFINITY;
            printf("  %g  %g  %g  %.6g  %.6g  %.3g\n", cols[0][i], cols[1][i], cols[2][i], cols[3][i], v, v - cols[3][i]);
        }
    }
    for (int k = 0; k < 4; k++) free(cols[k]);
    if (rc) return cli_fail(cmd, rc);
    if (explain) return CLI_OK;
    cli_provenance(stdout);
    printf("# fit of the %s %s loss to %ld rows; residuals %s; goodness of fit: chi2 = %.6g on %ld dof, "
           "rmse = %.6g, R^2 = %.6f%s\n", arch_name(&md), test ? "test" : "train", rows,
           relative ? "relative" : "absolute", r.chi2, r.dof, r.rmse, r.r2,
           r.converged ? "" : " (NOT converged: iteration limit)");
    printf("c\tse_c\tomega\tse_omega\talpha\tse_alpha\trows\tdof\tchi2\trmse\tr2\titerations\tconverged\n");
    double v[9] = {r.c, r.se_c, r.omega, r.se_omega, r.alpha, r.se_alpha};
    for (int i = 0; i < 6; i++) { cli_print_double(stdout, v[i], 10); putchar('\t'); }
    printf("%ld\t%ld\t", r.nrows, r.dof);
    cli_print_double(stdout, r.chi2, 10); putchar('\t');
    cli_print_double(stdout, r.rmse, 10); putchar('\t');
    cli_print_double(stdout, r.r2, 10); putchar('\t');
    printf("%ld\t%d\n", r.iterations, r.converged);
    return CLI_OK;
}
