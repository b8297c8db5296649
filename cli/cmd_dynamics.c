/* cmd_dynamics.c -- `modlaw theory modes`, `modlaw theory dynamics`,
 * `modlaw sim dynamics` (seed 000: Jarvis et al., arXiv 2409.14981; Saxe et
 * al. 2014).  Manual: docs/dynamics.md. */
#include "cli.h"
#include "dynamics.h"
#include "sim_dynamics.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define PREC_MAX 100000
#define STEPS_MAX 100000000

/* Dataset and training options shared by the three commands. */
typedef struct {
    theory_dyn_data ds;
    int arch, layers_idx, init_kind, blocks;
    double eta, init;
    long steps, every, hidden, holdout, prec;
    uint64_t seed;
} dyn_args;

static int add_data_opts(cli_opt *o, dyn_args *a)
{
    int n = 0;
    o[n++] = (cli_opt){"n1", CLI_LONG, &a->ds.n1, "N1", "compositional input features; N = 2^n1 patterns [3]", NULL, 1, THEORY_DYN_N1_MAX, NULL, 0};
    o[n++] = (cli_opt){"n2", CLI_LONG, &a->ds.n2, "N2", "compositional output rows (the first n2 features), 1..n1 [2]", NULL, 1, THEORY_DYN_N1_MAX, NULL, 0};
    o[n++] = (cli_opt){"k1", CLI_LONG, &a->ds.k1, "K1", "copies of r I_N under Omega_x in the input [1]", NULL, 0, THEORY_DYN_K_MAX, NULL, 0};
    o[n++] = (cli_opt){"k2", CLI_LONG, &a->ds.k2, "K2", "copies of r I_N under Omega_y in the output [1]", NULL, 0, THEORY_DYN_K_MAX, NULL, 0};
    o[n++] = (cli_opt){"r", CLI_DOUBLE, &a->ds.r, "R", "scale of the identity features [1]", NULL, 0, THEORY_DYN_R_MAX, NULL, 0};
    return n;
}

static int add_train_opts(cli_opt *o, dyn_args *a)
{
    int n = 0;
    o[n++] = (cli_opt){"arch", CLI_CHOICE, &a->arch, NULL, "architecture [dense]", "dense|outsplit|split", 1, 0, NULL, 0};
    o[n++] = (cli_opt){"layers", CLI_CHOICE, &a->layers_idx, NULL, "linear layers [2]", "1|2", 1, 0, NULL, 0};
    o[n++] = (cli_opt){"eta", CLI_DOUBLE, &a->eta, "ETA", "GD step on the summed loss; tau = 1/(N eta) steps [0.0005]", NULL, 1e-300, 1e6, NULL, 0};
    o[n++] = (cli_opt){"init", CLI_DOUBLE, &a->init, "PI0", "initial strength of every mode (balanced init) [0.001]", NULL, 0, 1e6, NULL, 0};
    o[n++] = (cli_opt){"steps", CLI_LONG, &a->steps, "T", "gradient steps [10000]", NULL, 0, STEPS_MAX, NULL, 0};
    o[n++] = (cli_opt){"every", CLI_LONG, &a->every, "K", "print every K steps (and the last) [steps/100]", NULL, 1, STEPS_MAX, NULL, 0};
    o[n++] = (cli_opt){"blocks", CLI_FLAG, &a->blocks, NULL, "print block norms of the Omega_y rows instead of modes (columns t block_comp block_id ratio)", NULL, 1, 0, NULL, 0};
    return n;
}

static void args_default(dyn_args *a)
{
    memset(a, 0, sizeof *a);
    a->ds = (theory_dyn_data){3, 2, 1, 1, 1.0};
    a->arch = THEORY_DYN_DENSE;
    a->layers_idx = 1;
    a->eta = 0.0005;
    a->init = 0.001;
    a->steps = 10000;
    a->seed = 1;
}

static int finish(const char *cmd, dyn_args *a)
{
    if (a->ds.n2 > a->ds.n1) return cli_error(cmd, CLI_EUSAGE, "--n2: must be <= n1 = %ld (got %ld)", a->ds.n1, a->ds.n2);
    int rc = theory_dyn_check(&a->ds);
    if (rc) return cli_fail(cmd, rc);
    if (!a->every) a->every = a->steps >= 100 ? a->steps / 100 : 1;
    return CLI_OK;
}

static void print_data_comment(const dyn_args *a)
{
    printf("# dataset: n1=%ld n2=%ld k1=%ld k2=%ld r=%.17g; N=%ld patterns, %ld inputs, %ld outputs\n",
           a->ds.n1, a->ds.n2, a->ds.k1, a->ds.k2, a->ds.r, theory_dyn_npatterns(&a->ds),
           theory_dyn_nin(&a->ds), theory_dyn_nout(&a->ds));
}

static void print_arb(const arb_t x, slong prec)
{
    slong digits = (slong)((double)prec * 0.30102999566398) + 1;
    char *s = arb_get_str(x, digits, ARB_STR_NO_RADIUS);
    fputs(s, stdout);
    flint_free(s);
}

int cmd_theory_modes(int argc, char **argv)
{
    const char *cmd = "theory modes";
    dyn_args a;
    args_default(&a);
    cli_opt opts[10];
    int no = add_data_opts(opts, &a);
    opts[no++] = (cli_opt){"arch", CLI_CHOICE, &a.arch, NULL, "modes of Sigma_yx (dense) or of each module's correlation [dense]", "dense|outsplit|split", 1, 0, NULL, 0};
    opts[no++] = (cli_opt){"prec", CLI_LONG, &a.prec, "BITS", "evaluate sigma and d in Arb at BITS bits; print only guaranteed digits", NULL, 2, PREC_MAX, NULL, 0};
    cli_spec spec = {cmd, "Analytic singular values of the compositional dataset's input-output correlation.",
        "X = [Omega_x; r I; ...] (k1 copies), Y = [Omega_y; r I; ...] (k2 copies) over all\n"
        "N = 2^n1 patterns; Sigma_yx = Y X^T/N, Sigma_xx = X X^T/N.  For --arch dense the groups\n"
        "are s1 = sqrt((k1r^2+N)(k2r^2+N))/N [n2], s2 = sqrt((k1r^2+N)k2r^2)/N [n1-n2],\n"
        "s3 = sqrt(k1k2) r^2/N [N-n1]; for outsplit/split the groups of each module's own\n"
        "correlation (c = compositional module, i = identity module).  Groups with s = 0 are\n"
        "omitted (all remaining singular values are 0).\n"
        "Columns: group sigma multiplicity d fixed_point (= sigma/d, the converged strength).",
        opts, no, NULL, NULL, 0, NULL};
    int rc = cli_parse(&spec, argc, argv);
    if (rc) return rc;
    if ((rc = finish(cmd, &a))) return rc;
    theory_dyn_group g[THEORY_DYN_MAX_GROUPS];
    int ng;
    if ((rc = theory_dyn_groups(g, &ng, &a.ds, (theory_dyn_arch)a.arch))) return cli_fail(cmd, rc);
    cli_provenance(stdout);
    print_data_comment(&a);
    printf("# arch: %s\n", theory_dyn_arch_name((theory_dyn_arch)a.arch));
    if (a.prec) printf("# precision: %ld bits (Arb balls; printed digits are guaranteed)\n", a.prec);
    printf("group\tsigma\tmultiplicity\td\tfixed_point\n");
    for (int i = 0; i < ng; i++) {
        printf("%s\t", g[i].label);
        if (a.prec) {
            arb_t s, d, f;
            arb_init(s); arb_init(d); arb_init(f);
            rc = theory_dyn_group_arb(s, d, &a.ds, (theory_dyn_arch)a.arch, i, a.prec);
            if (!rc) {
                arb_div(f, s, d, a.prec);
                print_arb(s, a.prec);
                printf("\t%ld\t", g[i].mult);
                print_arb(d, a.prec);
                putchar('\t');
                print_arb(f, a.prec);
                putchar('\n');
            }
            arb_clear(s); arb_clear(d); arb_clear(f);
            if (rc) return cli_fail(cmd, rc);
        } else {
            cli_print_double(stdout, g[i].s, 17);
            printf("\t%ld\t", g[i].mult);
            cli_print_double(stdout, g[i].d, 17);
            putchar('\t');
            cli_print_double(stdout, g[i].s / g[i].d, 17);
            putchar('\n');
        }
    }
    return CLI_OK;
}

int cmd_theory_dynamics(int argc, char **argv)
{
    const char *cmd = "theory dynamics";
    dyn_args a;
    args_default(&a);
    cli_opt opts[16];
    int no = add_data_opts(opts, &a);
    no += add_train_opts(opts + no, &a);
    opts[no++] = (cli_opt){"prec", CLI_LONG, &a.prec, "BITS", "evaluate the closed forms in Arb at BITS bits; print only guaranteed digits", NULL, 2, PREC_MAX, NULL, 0};
    opts[no++] = (cli_opt){"discrete", CLI_FLAG, &a.init_kind, NULL, "exact discrete-step GD recursion instead of the gradient-flow closed form", NULL, 1, 0, NULL, 0};
    opts[no++] = (cli_opt){"seed", CLI_U64, &a.seed, "S", "accepted and ignored (the theory is deterministic), so theory and sim take the same flags", NULL, 1, 0, NULL, 0};
    cli_spec spec = {cmd, "Closed-form mode strengths of a linear network from small balanced init.",
        "Every analytic mode starts at strength --init and, with tau = 1/(N eta), t in steps,\n"
        "  two layers: pi(t) = s pi0 / (d pi0 (1 - e^{-2st/tau}) + s e^{-2st/tau})  (Saxe et al. 2014)\n"
        "  one layer:  pi(t) = (s/d)(1 - e^{-dt/tau}) + pi0 e^{-dt/tau}\n"
        "with (s, d) of each group (see `modlaw theory modes --arch`).  --discrete prints the\n"
        "exact discrete-step GD values instead (one layer: (1 - N eta d)^t; two layers: the\n"
        "scalar recursion a <- a + N eta a (s - d a^2), pi = a^2).\n"
        "Columns: t mode strength t_tau; with --blocks: t block_comp block_id ratio (the\n"
        "Frobenius norms of the Omega_y rows' Omega_x and identity-input blocks).",
        opts, no, NULL, NULL, 0, NULL};
    int rc = cli_parse(&spec, argc, argv);
    if (rc) return rc;
    if ((rc = finish(cmd, &a))) return rc;
    int layers = a.layers_idx + 1, discrete = a.init_kind;
    if (discrete && a.prec) return cli_error(cmd, CLI_EUSAGE, "--discrete: not available with --prec");
    theory_dyn_group g[THEORY_DYN_MAX_GROUPS];
    int ng;
    theory_dyn_arch arch = (theory_dyn_arch)a.arch;
    if ((rc = theory_dyn_groups(g, &ng, &a.ds, arch))) return cli_fail(cmd, rc);
    double h = (double)theory_dyn_npatterns(&a.ds) * a.eta;
    if (!isfinite(h * (double)a.steps)) return cli_error(cmd, CLI_EUSAGE, "--eta: N eta steps overflows");
    long nrec = sim_dyn_nrec(a.steps, a.every);
    /* compute everything first so a failure prints nothing but the error */
    double *val = malloc((size_t)(nrec * ng) * sizeof *val);
    char **sval = a.prec ? calloc((size_t)(nrec * ng), sizeof *sval) : NULL;
    if (!val || (a.prec && !sval)) {
        free(val); free(sval);
        return cli_error(cmd, CLI_EFAIL, "--steps: cannot allocate the output");
    }
    if (a.prec && (double)nrec * (double)ng * (double)a.prec > 2e8) {
        free(val); free(sval);
        return cli_error(cmd, CLI_EUSAGE, "--prec: %ld records x %d groups at %ld bits is too much work "
                         "(limit 2e8 record-bits); use a larger --every or a smaller --prec",
                         nrec, ng, a.prec);
    }
    long *times = malloc((size_t)nrec * sizeof *times);
    if (!times) {
        free(val); free(sval);
        return cli_error(cmd, CLI_EFAIL, "--steps: cannot allocate the output");
    }
    for (long k = 0; k < nrec; k++) times[k] = k * a.every < a.steps ? k * a.every : a.steps;
    /* the discrete recursion: one pass per group over all record times */
    for (int i = 0; i < ng && !rc && discrete; i++)
        rc = theory_dyn_strength_discrete_path(&val[i], ng, times, nrec, g[i].s, g[i].d, a.init, h, layers);
    for (long k = 0; k < nrec && !rc; k++) {
        long t = times[k];
        for (int i = 0; i < ng && !rc; i++) {
            if (!discrete)
                rc = theory_dyn_strength(&val[k * ng + i], g[i].s, g[i].d, a.init, h * (double)t, layers);
            if (!rc && a.prec) {
                arb_t s, d, p0, tt, pi;
                arb_init(s); arb_init(d); arb_init(p0); arb_init(tt); arb_init(pi);
                rc = theory_dyn_group_arb(s, d, &a.ds, arch, i, a.prec);
                arb_set_d(p0, a.init);
                arb_set_d(tt, a.eta);
                arb_mul_si(tt, tt, theory_dyn_npatterns(&a.ds), a.prec + 32);
                arb_mul_si(tt, tt, t, a.prec + 32);
                if (!rc) rc = theory_dyn_strength_arb(pi, s, d, p0, tt, layers, a.prec);
                if (!rc) {
                    slong digits = (slong)((double)a.prec * 0.30102999566398) + 1;
                    sval[k * ng + i] = arb_get_str(pi, digits, ARB_STR_NO_RADIUS);
                }
                arb_clear(s); arb_clear(d); arb_clear(p0); arb_clear(tt); arb_clear(pi);
            }
            if (!rc && !isfinite(val[k * ng + i]))
                rc = modlaw_fail(MODLAW_ENUM, "--eta: the discrete recursion diverges");
        }
    }
    free(times);
    if (rc) {
        if (sval) for (long i = 0; i < nrec * ng; i++) flint_free(sval[i]);
        free(val); free(sval);
        return cli_fail(cmd, rc);
    }
    cli_provenance(stdout);
    print_data_comment(&a);
    printf("# arch: %s; layers: %d; eta: %.17g; tau = 1/(N eta) = %.17g steps; init pi0: %.17g (balanced); %s\n",
           theory_dyn_arch_name(arch), layers, a.eta, 1.0 / h, a.init,
           discrete ? "exact discrete-step recursion" : "gradient-flow closed form");
    if (a.prec) printf("# precision: %ld bits (Arb balls; printed digits are guaranteed)\n", a.prec);
    if (a.blocks) {
        double ratio;
        theory_dyn_share(&ratio, NULL, &a.ds, arch);
        printf("t\tblock_comp\tblock_id\tratio\n");
        for (long k = 0; k < nrec; k++) {
            long t = k * a.every < a.steps ? k * a.every : a.steps;
            double bc, bi;
            theory_dyn_blocks(&bc, &bi, &a.ds, arch, val[k * ng]);
            printf("%ld\t", t);
            cli_print_double(stdout, bc, 10); putchar('\t');
            cli_print_double(stdout, bi, 10); putchar('\t');
            cli_print_double(stdout, ratio, 15); putchar('\n');
        }
    } else {
        printf("t\tmode\tstrength\tt_tau\n");
        for (long k = 0; k < nrec; k++) {
            long t = k * a.every < a.steps ? k * a.every : a.steps;
            for (int i = 0; i < ng; i++) {
                printf("%ld\t%s\t", t, g[i].label);
                if (a.prec) fputs(sval[k * ng + i], stdout);
                else cli_print_double(stdout, val[k * ng + i], 12);
                putchar('\t');
                cli_print_double(stdout, h * (double)t, 10);
                putchar('\n');
            }
        }
    }
    if (sval) for (long i = 0; i < nrec * ng; i++) flint_free(sval[i]);
    free(val); free(sval);
    return CLI_OK;
}

int cmd_sim_dynamics(int argc, char **argv)
{
    const char *cmd = "sim dynamics";
    dyn_args a;
    args_default(&a);
    int per_mode = 0, summary = 0;
    cli_opt opts[22];
    int no = add_data_opts(opts, &a);
    no += add_train_opts(opts + no, &a);
    opts[no++] = (cli_opt){"init-kind", CLI_CHOICE, &a.init_kind, NULL, "balanced (exact theory) or random Gaussian of the same scale [balanced]", "balanced|random", 1, 0, NULL, 0};
    opts[no++] = (cli_opt){"hidden", CLI_LONG, &a.hidden, "H", "hidden units per module (two layers) [max(50, modes)]", NULL, 1, 4096, NULL, 0};
    opts[no++] = (cli_opt){"holdout", CLI_LONG, &a.holdout, "K", "hold K random patterns out of training; report held-out error [0]", NULL, 0, 1L << THEORY_DYN_N1_MAX, NULL, 0};
    opts[no++] = (cli_opt){"seed", CLI_U64, &a.seed, "S", "random seed (random init: stream 0; held-out set: stream 1) [1]", NULL, 1, 0, NULL, 0};
    opts[no++] = (cli_opt){"per-mode", CLI_FLAG, &per_mode, NULL, "one row per analytic mode (mode = group:index) instead of group means", NULL, 1, 0, NULL, 0};
    opts[no++] = (cli_opt){"summary", CLI_FLAG, &summary, NULL, "one row of end-of-training results instead of the trajectory (columns below)", NULL, 1, 0, NULL, 0};
    cli_spec spec = {cmd, "Full-batch gradient descent of a linear network; mode strengths by projection.",
        "Trains on L = 1/2 sum_i ||y_i - W x_i||^2 with step --eta (dgemm per module; the\n"
        "modules' parameters are disjoint).  A mode's strength is u^T W(t) v for the analytic\n"
        "singular vectors (u, v) of `modlaw theory modes --arch`; a group's strength is the mean\n"
        "over its modes.  Balanced init puts every analytic mode at --init exactly, so\n"
        "`modlaw theory dynamics` with the same flags is the gradient-flow prediction.\n"
        "'#' lines at the end report the final training loss, the identity inputs' share of\n"
        "the compositional outputs (theory k1r^2/(N+k1r^2), split 0) and, with --holdout, the\n"
        "mean held-out compositional error with its theory value.\n"
        "Columns: t mode strength t_tau; with --blocks: t block_comp block_id ratio;\n"
        "with --summary: n1 n2 k1 k2 r arch layers steps train_loss share share_theory\n"
        "ratio ratio_theory nheld heldout heldout_theory.",
        opts, no, NULL, NULL, 0, NULL};
    int rc = cli_parse(&spec, argc, argv);
    if (rc) return rc;
    if ((rc = finish(cmd, &a))) return rc;
    if (summary && (a.blocks || per_mode)) return cli_error(cmd, CLI_EUSAGE, "--summary: excludes --blocks and --per-mode");
    if (summary) a.every = a.steps ? a.steps : 1;
    long N = theory_dyn_npatterns(&a.ds);
    if (a.holdout > N - 1) return cli_error(cmd, CLI_EUSAGE, "--holdout: must be <= N - 1 = %ld (got %ld)", N - 1, a.holdout);
    unsigned char *train = NULL;
    if (a.holdout) {
        train = malloc((size_t)N);
        if (!train) return cli_error(cmd, CLI_EFAIL, "out of memory");
        if ((rc = sim_dyn_holdout_mask(train, &a.ds, a.holdout, a.seed))) {
            free(train);
            return cli_fail(cmd, rc);
        }
    }
    sim_dyn_config cfg = {a.ds, (theory_dyn_arch)a.arch, a.layers_idx + 1, a.hidden, a.eta, a.init,
                          (sim_dyn_init)a.init_kind, a.steps, a.every, a.seed, train};
    sim_dyn_result res;
    rc = sim_dyn_run(&res, &cfg);
    if (rc) {
        free(train);
        return cli_fail(cmd, rc);
    }
    double ratio, share, held = 0.0;
    theory_dyn_share(&ratio, &share, &a.ds, cfg.arch);
    if (train) rc = theory_dyn_heldout(&held, NULL, &a.ds, cfg.arch, train);
    free(train);
    if (rc) {
        sim_dyn_free(&res);
        return cli_fail(cmd, rc);
    }
    double h = (double)res.P * a.eta;
    cli_provenance(stdout);
    print_data_comment(&a);
    printf("# arch: %s; layers: %d; eta: %.17g; tau = 1/(P eta) = %.17g steps (P = %ld); init: %s %.17g; seed: %llu\n",
           theory_dyn_arch_name(cfg.arch), cfg.layers, a.eta, 1.0 / h, res.P,
           a.init_kind ? "random" : "balanced", a.init, (unsigned long long)a.seed);
    if (summary) {
        long last = res.nrec - 1;
        double rr = res.block_comp[last] > 0 ? res.block_id[last] / res.block_comp[last] : 0.0;
        printf("n1\tn2\tk1\tk2\tr\tarch\tlayers\tsteps\ttrain_loss\tshare\tshare_theory\tratio\tratio_theory\tnheld\theldout\theldout_theory\n");
        printf("%ld\t%ld\t%ld\t%ld\t%.10g\t%s\t%d\t%ld", a.ds.n1, a.ds.n2, a.ds.k1, a.ds.k2, a.ds.r,
               theory_dyn_arch_name(cfg.arch), cfg.layers, a.steps);
        double v[5] = {res.train_loss, res.share, share, rr, ratio};
        for (int i = 0; i < 5; i++) { putchar('\t'); cli_print_double(stdout, v[i], 10); }
        printf("\t%ld\t", res.nheld);
        cli_print_double(stdout, res.heldout, 10);
        putchar('\t');
        cli_print_double(stdout, held, 10);
        putchar('\n');
        sim_dyn_free(&res);
        return CLI_OK;
    }
    if (a.blocks) {
        printf("t\tblock_comp\tblock_id\tratio\n");
        for (long k = 0; k < res.nrec; k++) {
            printf("%ld\t", res.t[k]);
            cli_print_double(stdout, res.block_comp[k], 10); putchar('\t');
            cli_print_double(stdout, res.block_id[k], 10); putchar('\t');
            if (res.block_comp[k] > 0) cli_print_double(stdout, res.block_id[k] / res.block_comp[k], 15);
            else fputs("inf", stdout);
            putchar('\n');
        }
    } else {
        printf("t\tmode\tstrength\tt_tau\n");
        for (long k = 0; k < res.nrec; k++) {
            if (per_mode) {
                long idx[THEORY_DYN_MAX_GROUPS] = {0};
                for (long m = 0; m < res.nmodes; m++) {
                    int q = res.mode_group[m];
                    printf("%ld\t%s:%ld\t", res.t[k], res.groups[q].label, idx[q]++);
                    cli_print_double(stdout, res.mode[k * res.nmodes + m], 12);
                    putchar('\t');
                    cli_print_double(stdout, h * (double)res.t[k], 10);
                    putchar('\n');
                }
            } else {
                for (int q = 0; q < res.ngroups; q++) {
                    printf("%ld\t%s\t", res.t[k], res.groups[q].label);
                    cli_print_double(stdout, res.group[k * res.ngroups + q], 12);
                    putchar('\t');
                    cli_print_double(stdout, h * (double)res.t[k], 10);
                    putchar('\n');
                }
            }
        }
    }
    printf("# final: train_loss %.10g; identity share %.10g (theory at convergence %.10g); block ratio theory %.10g\n",
           res.train_loss, res.share, share, ratio);
    if (a.holdout)
        printf("# held-out: %ld patterns; compositional error %.10g (theory at convergence, init -> 0: %.10g)\n",
               res.nheld, res.heldout, held);
    sim_dyn_free(&res);
    return CLI_OK;
}

/* ---- sim cmnist ------------------------------------------------------------ */
#include "sim_idx.h"

#define FMNIST_DIR "/usr/share/datasets/fashion-mnist"

static void cmnist_progress(const sim_cmnist_epoch *e, void *arg)
{
    const char *name = arg;
    fprintf(stderr, "modlaw sim cmnist: %s epoch %ld: loss %.5g, seen-triple digit acc %.4f, held-out-triple digit acc %.4f (%.0f s)\n",
            name, e->epoch, e->train_loss, e->seen_digit, e->held_digit, e->seconds);
}

int cmd_sim_cmnist(int argc, char **argv)
{
    const char *cmd = "sim cmnist";
    sim_cmnist_config c = {FMNIST_DIR "/train-images-idx3-ubyte.gz", FMNIST_DIR "/train-labels-idx1-ubyte.gz",
                           FMNIST_DIR "/t10k-images-idx3-ubyte.gz", FMNIST_DIR "/t10k-labels-idx1-ubyte.gz",
                           2000, 1000, 5, 16, 2e-3, 10.0, 0.0, 8, SIM_CMNIST_DENSE, 0.1, 1};
    const char *dir = NULL;
    int arch = 0, quiet = 0;
    cli_opt opts[] = {
        {"data-dir", CLI_STRING, &dir, "DIR", "directory with {train,t10k}-{images-idx3,labels-idx1}-ubyte.gz [" FMNIST_DIR "]", NULL, 1, 0, NULL, 0},
        {"train-images", CLI_STRING, &c.train_images, "FILE", "IDX training images (gzip or plain; overrides --data-dir)", NULL, 1, 0, NULL, 0},
        {"train-labels", CLI_STRING, &c.train_labels, "FILE", "IDX training labels", NULL, 1, 0, NULL, 0},
        {"test-images", CLI_STRING, &c.test_images, "FILE", "IDX test images", NULL, 1, 0, NULL, 0},
        {"test-labels", CLI_STRING, &c.test_labels, "FILE", "IDX test labels", NULL, 1, 0, NULL, 0},
        {"arch", CLI_CHOICE, &arch, NULL, "dense net, or split: two half-width branches ending in Dense(30) and Dense(1000) [dense]", "dense|split", 1, 0, NULL, 0},
        {"ntrain", CLI_LONG, &c.ntrain, "N", "training composites, consecutive image triples (paper 20000) [2000]", NULL, 1, 20000, NULL, 0},
        {"ntest", CLI_LONG, &c.ntest, "N", "test composites from the test set (paper 3333) [1000]", NULL, 1, 3333, NULL, 0},
        {"epochs", CLI_LONG, &c.epochs, "E", "epochs (paper 300) [5]", NULL, 1, 1000, NULL, 0},
        {"batch", CLI_LONG, &c.batch, "B", "SGD batch size (paper 16) [16]", NULL, 1, 1024, NULL, 0},
        {"lr", CLI_DOUBLE, &c.lr, "LR", "SGD learning rate (paper 2e-3) [0.002]", NULL, 1e-12, 10, NULL, 0},
        {"r", CLI_DOUBLE, &c.r, "R", "scale of the one-hot(1000) identity output (paper 10) [10]", NULL, 0, 1000, NULL, 0},
        {"init-sd", CLI_DOUBLE, &c.init_sd, "SD", "weights N(0, SD^2), biases 0 (paper 0.01); 0: He init N(0, 2/fan_in) convolutions, zero readout [0]", NULL, 0, 10, NULL, 0},
        {"channels", CLI_LONG, &c.channels, "C", "channels per conv layer of the dense net; split: C/2 per branch (paper 32) [8]", NULL, 2, 64, NULL, 0},
        {"holdout", CLI_DOUBLE, &c.holdout, "F", "share of the 1000 digit triples never trained on [0.1]", NULL, 0, 0.5, NULL, 0},
        {"seed", CLI_U64, &c.seed, "S", "random seed (init stream 0, shuffles 1, held-out triples 2) [1]", NULL, 1, 0, NULL, 0},
        {"quiet", CLI_FLAG, &quiet, NULL, "no per-epoch progress on stderr", NULL, 1, 0, NULL, 0},
    };
    cli_spec spec = {cmd, "CMNIST (seed 000): dense vs split conv nets on three-digit composites.",
        "Composites: three images side by side (28 x 84, pixels/255) from consecutive blocks of\n"
        "the training / test IDX files; 1030 targets: three one-hot(10) digit blocks and a\n"
        "one-hot(1000) identity of the triple scaled by --r.  Loss 1/2 ||y - yhat||^2 per\n"
        "composite, mean over the batch, plain SGD.  Nets: Conv(9x27) -> Conv(7x21) ->\n"
        "Conv(5x15) (ReLU, valid) -> Dense(1030); split: two half-width copies -> Dense(30),\n"
        "Dense(1000), both seeing the whole image.  --holdout triples are skipped in training;\n"
        "test composites are scored separately for seen and held-out triples (argmax of each\n"
        "digit block).  Defaults are scaled down from the paper (see docs/dynamics.md Sec. 8);\n"
        "the machine's data are Fashion-MNIST (classes 0..9 stand in for digits).\n"
        "Columns: epoch arch ntrain train_loss seen_digit_acc seen_all_acc held_digit_acc\n"
        "held_all_acc nseen nheld seconds.",
        opts, (int)(sizeof opts / sizeof opts[0]), NULL, NULL, 0, NULL};
    int rc = cli_parse(&spec, argc, argv);
    if (rc) return rc;
    if (c.channels % 2) return cli_error(cmd, CLI_EUSAGE, "--channels: must be even (got %ld)", c.channels);
    static char paths[4][4096];
    if (dir) {
        static const char *names[4] = {"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
                                       "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"};
        const char **dst[4] = {&c.train_images, &c.train_labels, &c.test_images, &c.test_labels};
        const char *flag[4] = {"train-images", "train-labels", "test-images", "test-labels"};
        for (int i = 0; i < 4; i++) {
            if (cli_seen(&spec, flag[i])) continue;
            if (snprintf(paths[i], sizeof paths[i], "%s/%s", dir, names[i]) >= (int)sizeof paths[i])
                return cli_error(cmd, CLI_EUSAGE, "--data-dir: path too long");
            *dst[i] = paths[i];
        }
    }
    c.arch = (sim_cmnist_arch)arch;
    sim_cmnist_epoch *ep = calloc((size_t)c.epochs, sizeof *ep);
    if (!ep) return cli_error(cmd, CLI_EFAIL, "out of memory");
    const char *an = arch ? "split" : "dense";
    rc = sim_cmnist_run(ep, &c, quiet ? NULL : cmnist_progress, (void *)an);
    if (rc) {
        free(ep);
        return cli_fail(cmd, rc);
    }
    cli_provenance(stdout);
    printf("# data: %s, %s, %s, %s\n", c.train_images, c.train_labels, c.test_images, c.test_labels);
    printf("# arch %s; channels %ld%s; epochs %ld; batch %ld; lr %g; r %g; init-sd %g; holdout %g of the triples; seed %llu\n",
           an, c.channels, arch ? " (C/2 per branch)" : "", c.epochs, c.batch, c.lr, c.r, c.init_sd, c.holdout,
           (unsigned long long)c.seed);
    printf("epoch\tarch\tntrain\ttrain_loss\tseen_digit_acc\tseen_all_acc\theld_digit_acc\theld_all_acc\tnseen\tnheld\tseconds\n");
    for (long i = 0; i < c.epochs; i++) {
        const sim_cmnist_epoch *e = &ep[i];
        printf("%ld\t%s\t%ld\t", e->epoch, an, e->ntrain);
        double v[5] = {e->train_loss, e->seen_digit, e->seen_all, e->held_digit, e->held_all};
        for (int k = 0; k < 5; k++) { cli_print_double(stdout, v[k], 6); putchar('\t'); }
        printf("%ld\t%ld\t%.1f\n", e->nseen, e->nheld, e->seconds);
    }
    free(ep);
    return CLI_OK;
}
