/* cmd_sim.c -- `modlaw sim F|loss`. */
#include "cli.h"
#include "sim.h"
#include "theory.h"

#include <math.h>
#include <stdlib.h>

#define TRIALS_MAX 1e8

int cmd_sim_F(int argc, char **argv)
{
    const char *cmd = "sim F";
    long n = 0, p = 0, trials = 1000;
    uint64_t seed = 1;
    int method = SIM_F_SVD, raw = 0, running = 0;
    cli_opt opts[] = {
        {"n", CLI_LONG, &n, "N", "rows of R (required)", NULL, 1, 1e9, NULL, 0},
        {"p", CLI_LONG, &p, "P", "columns of R (required)", NULL, 1, 1e9, NULL, 0},
        {"trials", CLI_LONG, &trials, "T", "number of independent draws [1000]", NULL, 1, TRIALS_MAX, NULL, 0},
        {"seed", CLI_U64, &seed, "S", "random seed; trial t uses stream t [1]", NULL, 1, 0, NULL, 0},
        {"method", CLI_CHOICE, &method, NULL, "svd: singular values of R (LAPACKE); fast: bidiagonal model [svd]",
         "svd|fast", 1, 0, NULL, 0},
        {"raw", CLI_FLAG, &raw, NULL, "print one sample per line (column 'sample') instead of the summary", NULL, 1, 0, NULL, 0},
        {"running", CLI_FLAG, &running, NULL, "print the running mean at T = 1,2,5,10,20,... (columns trials running_mean)", NULL, 1, 0, NULL, 0},
    };
    cli_spec spec = {cmd, "Monte-Carlo estimate of F(n,p) = E||R^+||_F^2.",
        "Columns: n p trials mean stderr.  The variance of ||R^+||^2 is infinite for\n"
        "|n-p| <= 3 and its mean is infinite for |n-p| <= 1 (docs/F.md): there no\n"
        "finite error bar exists, stderr is printed as inf and a '#' note says so.\n"
        "--running shows how the Monte-Carlo mean M_T behaves as trials are added: it\n"
        "converges off the band, grows like T at n = p (M_T/T tends to a Levy law) and\n"
        "like (q/2) log T at |n-p| = 1 (docs/simulation.md); a '#' line gives the law.",
        opts, 7, NULL, NULL, 0, NULL};
    int rc = cli_parse(&spec, argc, argv);
    if (rc) return rc;
    if (!n) return cli_error(cmd, CLI_EUSAGE, "--n: required");
    if (!p) return cli_error(cmd, CLI_EUSAGE, "--p: required");
    if (raw && running) return cli_error(cmd, CLI_EUSAGE, "--running: cannot be combined with --raw");
    double *x = malloc((size_t)trials * sizeof *x);
    if (!x) return cli_error(cmd, CLI_EFAIL, "--trials: cannot allocate %ld samples", trials);
    rc = sim_F_samples(x, NULL, n, p, trials, seed, (sim_F_method)method);
    if (rc) {
        free(x);
        return cli_fail(cmd, rc);
    }
    cli_provenance(stdout);
    printf("# seed: %llu; method: %s\n", (unsigned long long)seed, method == SIM_F_FAST ? "fast" : "svd");
    if (theory_F_tail_index(n, p) <= 2.0)
        printf("# note: |n-p| = %ld <= 3: Var ||R^+||^2 is infinite%s; no finite error bar exists (stderr = inf)\n",
               labs(n - p), labs(n - p) <= 1 ? " and so is the mean" : "");
    if (raw) {
        printf("sample\n");
        for (long t = 0; t < trials; t++) {
            cli_print_double(stdout, x[t], 17);
            putchar('\n');
        }
    } else if (running) {
        long gap = labs(n - p), q = n < p ? n : p;
        double C = sim_F_tail_constant(n, p);
        if (gap == 0)
            printf("# law: n = p, tail index 1/2, P(X > t) ~ C t^-1/2 with C = %.6g: M_T grows like T;"
                   " M_T/T -> Levy(scale pi C^2/2 = %.6g), median of M_T ~ %.6g T\n",
                   C, M_PI * C * C / 2, M_PI * C * C / 2 * 2.1981093383177324);
        else if (gap == 1)
            printf("# law: |n-p| = 1, tail index 1, P(X > t) ~ C/t with C = q/2 = %.6g: M_T grows like"
                   " C log T (+ a random O(1) term): +%.6g per decade of T\n", 0.5 * (double)q,
                   0.5 * (double)q * log(10.0));
        else {
            double F;
            theory_F(&F, n, p);
            printf("# law: |n-p| = %ld >= 2: M_T converges to F(n,p) = %.10g\n", gap, F);
        }
        printf("trials\trunning_mean\n");
        double s = 0.0;
        long next = 1, step = 0;
        static const int mant[] = {1, 2, 5};
        for (long t = 0; t < trials; t++) {
            s += x[t];
            if (t + 1 == next || t + 1 == trials) {
                printf("%ld\t", t + 1);
                cli_print_double(stdout, s / (double)(t + 1), 10);
                putchar('\n');
                while (next <= t + 1) {
                    step++;
                    long pow10 = 1;
                    for (long e = 0; e < step / 3; e++) pow10 *= 10;
                    next = mant[step % 3] * pow10;
                }
            }
        }
    } else {
        double mean, se;
        sim_mean_se(&mean, &se, x, trials);
        if (theory_F_tail_index(n, p) <= 2.0) se = INFINITY; /* no finite error bar exists */
        printf("n\tp\ttrials\tmean\tstderr\n%ld\t%ld\t%ld\t", n, p, trials);
        cli_print_double(stdout, mean, 10);
        putchar('\t');
        cli_print_double(stdout, se, 4);
        putchar('\n');
    }
    free(x);
    return CLI_OK;
}

int cmd_sim_loss(int argc, char **argv)
{
    const char *cmd = "sim loss";
    model_desc md = model_default();
    cli_model_choices ch;
    long trials = 1000;
    uint64_t seed = 1;
    int raw = 0, lmethod = 0;
    cli_opt opts[CLI_MODEL_NOPTS + 4];
    int no = cli_model_opts(opts, &md, &ch);
    opts[no++] = (cli_opt){"trials", CLI_LONG, &trials, "T", "independent draws of data and target [1000]", NULL, 1, TRIALS_MAX, NULL, 0};
    opts[no++] = (cli_opt){"seed", CLI_U64, &seed, "S", "random seed; trial t uses stream t [1]", NULL, 1, 0, NULL, 0};
    opts[no++] = (cli_opt){"raw", CLI_FLAG, &raw, NULL, "print one trial per line (columns train, test)", NULL, 1, 0, NULL, 0};
    opts[no++] = (cli_opt){"method", CLI_CHOICE, &lmethod, NULL,
        "literal: draw A, one QR/LQ per trial; fast: same law from the bidiagonal model, O(p) per trial [literal]",
        "literal|fast", 1, 0, NULL, 0};
    cli_spec spec = {cmd, "Simulate the linear model of seed 003 and report train/test loss.",
        "Each trial draws the target coefficients (mono: W ~ N(0, Lambda); modular: Wbar from\n"
        "k modules, Eqs. 7-9), d*n Gaussian feature rows, fits the min-norm least-squares\n"
        "solution, and measures the training loss and the exact expected test loss.\n"
        "--form only matters for the modular model: eq5 simulates p + mb controlled\n"
        "coefficients, exact and printed simulate p (the model is the same).\n"
        "--method fast draws the same joint law of (train, test) without forming A:\n"
        "singular values from the Dumitriu-Edelman bidiagonal model, the Haar factors\n"
        "integrated out exactly (docs/simulation.md); train is exactly 0 for dn <= p.\n"
        "Columns: n p trials train train_se test test_se (test_se = inf where |dn-p| <= 3:\n"
        "the test loss then has infinite variance, see docs/F.md).",
        opts, no, NULL, NULL, 0, NULL};
    int rc = cli_parse(&spec, argc, argv);
    if (rc) return rc;
    if ((rc = cli_model_finish(cmd, &md, &ch))) return rc;
    double *tr = malloc((size_t)trials * sizeof *tr), *te = malloc((size_t)trials * sizeof *te);
    if (!tr || !te) {
        free(tr); free(te);
        return cli_error(cmd, CLI_EFAIL, "--trials: cannot allocate %ld samples", trials);
    }
    rc = lmethod ? sim_linear_samples_fast(tr, te, &md, trials, seed)
                 : sim_linear_samples(tr, te, &md, trials, seed);
    if (rc) {
        free(tr); free(te);
        return cli_fail(cmd, rc);
    }
    cli_provenance(stdout);
    printf("# seed: %llu; method: %s\n", (unsigned long long)seed, lmethod ? "fast" : "literal");
    long gap = labs(md.d * md.n - model_controlled(&md));
    if (gap <= 3)
        printf("# note: |dn-p| = %ld <= 3: the test loss has infinite variance%s; no finite error bar exists (test_se = inf)\n",
               gap, gap <= 1 ? " and infinite mean" : "");
    if (raw) {
        printf("train\ttest\n");
        for (long t = 0; t < trials; t++) {
            cli_print_double(stdout, tr[t], 17);
            putchar('\t');
            cli_print_double(stdout, te[t], 17);
            putchar('\n');
        }
    } else {
        double m1, s1, m2, s2;
        sim_mean_se(&m1, &s1, tr, trials);
        sim_mean_se(&m2, &s2, te, trials);
        if (gap <= 3) s2 = INFINITY;
        printf("n\tp\ttrials\ttrain\ttrain_se\ttest\ttest_se\n%ld\t%ld\t%ld\t", md.n, md.p, trials);
        double v[4] = {m1, s1, m2, s2};
        for (int i = 0; i < 4; i++) {
            cli_print_double(stdout, v[i], i % 2 ? 4 : 10);
            putchar(i < 3 ? '\t' : '\n');
        }
    }
    free(tr); free(te);
    return CLI_OK;
}
