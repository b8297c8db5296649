/* cmd_theory.c -- `modlaw theory loss|F|grid`. */
#include "cli.h"
#include "theory.h"

#include <math.h>
#include <stdlib.h>

#define PREC_MAX 1000000

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

int cmd_theory_loss(int argc, char **argv)
{
    const char *cmd = "theory loss";
    model_desc md = model_default();
    cli_model_choices ch;
    long prec = 0;
    cli_opt opts[CLI_MODEL_NOPTS + 2];
    int no = cli_model_opts(opts, &md, &ch);
    opts[no++] = (cli_opt){"prec", CLI_LONG, &prec, "BITS",
        "evaluate in Arb ball arithmetic at BITS bits; print only guaranteed digits", NULL, 2, PREC_MAX, NULL, 0};
    cli_spec spec = {cmd, "Expected train and test loss of the linear model (seed 003, Thm 1 / Thm 2).",
        "test  = d Tr(L2) F(dn,p) - d min(dn,p)/p Tr(L1) + d Tr(L)    (Eq. 1 / 10)\n"
        "train = (dn - min(dn,p))/n Tr(L2)                              (Eq. 2 / 11)\n"
        "Spectrum lambda_i = c[i^-s - (i+1)^-s], s = omega^-m (mono) or omega^-b (modular).\n"
        "Columns: arch form n p d m b k train test tr1 tr2 F (F is inf for |dn-p| <= 1).",
        opts, no, NULL, NULL, 0, NULL};
    int rc = cli_parse(&spec, argc, argv);
    if (rc) return rc;
    if ((rc = cli_model_finish(cmd, &md, &ch))) return rc;

    theory_loss_t r;
    if ((rc = theory_loss(&r, &md))) return cli_fail(cmd, rc);
    cli_provenance(stdout);
    if (prec) printf("# precision: %ld bits (Arb balls; printed digits are guaranteed)\n", prec);
    printf("arch\tform\tn\tp\td\tm\tb\tk\ttrain\ttest\ttr1\ttr2\tF\n");
    printf("%s\t%s\t%ld\t%ld\t%ld\t%ld\t%ld\t%ld\t", arch_name(&md), form_name(&md),
           md.n, md.p, md.d, md.m, md.b, md.k);
    if (prec) {
        arb_t tr, te, t1, t2, F;
        arb_init(tr); arb_init(te); arb_init(t1); arb_init(t2); arb_init(F);
        rc = theory_loss_arb(tr, te, &md, prec);
        if (!rc) rc = theory_traces_arb(t1, t2, &md, prec);
        if (!rc) rc = theory_F_arb(F, r.dn, r.pc, prec);
        if (!rc) {
            print_arb(stdout, tr, prec); putchar('\t');
            print_arb(stdout, te, prec); putchar('\t');
            print_arb(stdout, t1, prec); putchar('\t');
            print_arb(stdout, t2, prec); putchar('\t');
            print_arb(stdout, F, prec); putchar('\n');
        }
        arb_clear(tr); arb_clear(te); arb_clear(t1); arb_clear(t2); arb_clear(F);
        flint_cleanup();
        if (rc) return cli_fail(cmd, rc);
    } else {
        double v[5] = {r.train, r.test, r.tr1, r.tr2, r.F};
        for (int i = 0; i < 5; i++) {
            cli_print_double(stdout, v[i], 15);
            putchar(i < 4 ? '\t' : '\n');
        }
    }
    return CLI_OK;
}

int cmd_theory_F(int argc, char **argv)
{
    const char *cmd = "theory F";
    long n = 0, p = 0, prec = 0;
    cli_opt opts[] = {
        {"n", CLI_LONG, &n, "N", "rows of R (required)", NULL, 1, 1e15, NULL, 0},
        {"p", CLI_LONG, &p, "P", "columns of R (required)", NULL, 1, 1e15, NULL, 0},
        {"prec", CLI_LONG, &prec, "BITS", "evaluate in Arb at BITS bits", NULL, 2, PREC_MAX, NULL, 0},
    };
    cli_spec spec = {cmd, "F(n,p) = E||R^+||_F^2 for R in R^{n x p} with i.i.d. N(0,1) entries.",
        "F = min(n,p)/(|n-p|-1) for |n-p| >= 2 (seed 003, App. D); F = inf for |n-p| <= 1\n"
        "(proof in docs/theory.md: 1/(W^-1)_11 ~ chi^2_{|n-p|+1}, whose inverse has no mean).\n"
        "Columns: n p F tail_index (moments of ||R^+||^2 of order < tail_index exist).",
        opts, 3, NULL, NULL, 0, NULL};
    int rc = cli_parse(&spec, argc, argv);
    if (rc) return rc;
    if (!n) return cli_error(cmd, CLI_EUSAGE, "--n: required");
    if (!p) return cli_error(cmd, CLI_EUSAGE, "--p: required");
    double F;
    if ((rc = theory_F(&F, n, p))) return cli_fail(cmd, rc);
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
    cli_opt opts[CLI_MODEL_NOPTS + 3];
    int no = cli_model_opts(opts, &md, &ch);
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
    md.n = step; md.p = pmax;
    if ((rc = cli_model_finish(cmd, &md, &ch))) return rc;
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
