/* cmd_train.c -- `modlaw sim train` and `modlaw sim samples`: nonlinear
 * networks on the sine-wave tasks of seed 003 (Sec. 4.2-4.3, App. E.2-E.3). */
#include "cli.h"
#include "mlp.h"

#include <cblas.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#define EXP_NOPTS 23

typedef struct {
    int task, arch;
    long threads, layers, iters, kr_iters, kr_batch;
    double kr_lr;
} exp_cli;

static const char *arch_names[] = {"mono", "modular", "ours", "true", "ours-fixed"};
static const char *task_names[] = {"sine", "sine-dist"};

/* Options shared by both commands; with_n: include --n. */
static int exp_opts(cli_opt *o, sim_mlp_exp_cfg *c, exp_cli *e, int with_n)
{
    int k = 0;
    o[k++] = (cli_opt){"task", CLI_CHOICE, &e->task, NULL,
        "sine: Eq. 69 (u_i^T x); sine-dist: Eq. 71 (||u_i - x||) [sine]", "sine|sine-dist", 1, 0, NULL, 0};
    o[k++] = (cli_opt){"arch", CLI_CHOICE, &e->arch, NULL,
        "mono | modular (Eq. 72) | ours (Alg. 1 init) | true (true u_i, Fig. 9) | ours-fixed "
        "(Alg. 1 init, frozen) [mono]", "mono|modular|ours|true|ours-fixed", 1, 0, NULL, 0};
    o[k++] = (cli_opt){"k", CLI_LONG, &c->k, "K", "task modules [5]", NULL, 1, 1000, NULL, 0};
    o[k++] = (cli_opt){"m", CLI_LONG, &c->m, "M", "input dimension [5]", NULL, 1, 10000, NULL, 0};
    o[k++] = (cli_opt){"tau", CLI_LONG, &c->tau, "T", "sine components per module [3]", NULL, 1, 1000, NULL, 0};
    if (with_n)
        o[k++] = (cli_opt){"n", CLI_LONG, &c->n, "N", "training points [1000]", NULL, 1, 1e7, NULL, 0};
    o[k++] = (cli_opt){"ntest", CLI_LONG, &c->ntest, "N", "test points [2000]", NULL, 1, 1e7, NULL, 0};
    o[k++] = (cli_opt){"width", CLI_LONG, &c->width, "W", "hidden width {8,32,128} [32]", NULL, 1, 4096, NULL, 0};
    o[k++] = (cli_opt){"layers", CLI_LONG, &e->layers, "L",
        "linear layers per net (mono {3,5,7}) or per module (modular {2,4,6}) [5 mono, 4 modular]", NULL, 1, 100, NULL, 0};
    o[k++] = (cli_opt){"modules", CLI_LONG, &c->modules, "K", "architectural modules (modular) [5k]", NULL, 1, 10000, NULL, 0};
    o[k++] = (cli_opt){"iters", CLI_LONG, &e->iters, "I", "Adam steps [10000 mono, 1000 modular]", NULL, 0, 1e8, NULL, 0};
    o[k++] = (cli_opt){"lr", CLI_DOUBLE, &c->lr, "LR", "Adam learning rate [0.01]", NULL, 1e-12, 10, NULL, 0};
    o[k++] = (cli_opt){"batch", CLI_LONG, &c->batch, "B", "mini-batch size; 0 = full batch [0]", NULL, 0, 1e7, NULL, 0};
    o[k++] = (cli_opt){"seed", CLI_U64, &c->seed, "S", "random seed (task, data, init, batches) [1]", NULL, 1, 0, NULL, 0};
    o[k++] = (cli_opt){"threads", CLI_LONG, &e->threads, "T",
        "OpenMP/OpenBLAS threads; results are reproducible per seed and thread count [OMP_NUM_THREADS]", NULL, 1, 256, NULL, 0};
    o[k++] = (cli_opt){"sigma", CLI_DOUBLE, &c->kr.sigma, "S", "Alg. 1 kernel width sigma [1]", NULL, 1e-6, 1e6, NULL, 0};
    o[k++] = (cli_opt){"jitter", CLI_DOUBLE, &c->kr.jitter, "D", "Alg. 1 diagonal shift of K [1e-2]", NULL, 0, 1e6, NULL, 0};
    o[k++] = (cli_opt){"kr-batch", CLI_LONG, &e->kr_batch, "B", "Alg. 1 batch b [128]", NULL, 2, 8192, NULL, 0};
    o[k++] = (cli_opt){"kr-iters", CLI_LONG, &e->kr_iters, "I", "Alg. 1 iterations [1000]", NULL, 0, 1e7, NULL, 0};
    o[k++] = (cli_opt){"kr-lr", CLI_DOUBLE, &e->kr_lr, "LR", "Alg. 1 learning rate eta [0.1]", NULL, 1e-12, 1e6, NULL, 0};
    o[k++] = (cli_opt){"kr-sphere", CLI_FLAG, &c->kr.sphere, NULL,
        "Eq. 74: keep u on the unit sphere during Alg. 1 (our variant, not the paper's)", NULL, 1, 0, NULL, 0};
    return k;
}

static void exp_finish(sim_mlp_exp_cfg *c, const exp_cli *e, const cli_spec *spec)
{
    c->task = (sim_mlp_task_kind)e->task;
    c->method = (sim_mlp_method)e->arch;
    c->layers = cli_seen(spec, "layers") ? e->layers : (c->method == SIM_MLP_METHOD_MONO ? 5 : 4);
    c->iters = cli_seen(spec, "iters") ? e->iters : (c->method == SIM_MLP_METHOD_MONO ? 10000 : 1000);
    c->kr.batch = e->kr_batch;
    c->kr.iters = e->kr_iters;
    c->kr.lr = e->kr_lr;
    if (e->threads > 0) {
#ifdef _OPENMP
        omp_set_num_threads((int)e->threads);
#endif
        openblas_set_num_threads((int)e->threads);
    }
}

static exp_cli exp_cli_default(void)
{
    exp_cli e = {0, 0, 0, 0, 0, 1000, 128, 0.1};
    return e;
}

static void print_opt(double v, int digits)
{
    if (isnan(v)) fputs("-", stdout);
    else cli_print_double(stdout, v, digits);
}

static const char *train_details =
    "Draws one sine-wave target (seed 003 Eq. 69; --task sine-dist: Eq. 71) with k modules,\n"
    "tau components each, x ~ N(0, I_m); trains a ReLU network with Adam on the MSE and\n"
    "reports the final losses.  Defaults are the paper's settings (App. E.2-E.3): lr 0.01,\n"
    "full batch, 10000 steps (mono) or 1000 (modular), K = 5k modules, Alg. 1 with batch\n"
    "128, 1000 iterations, lr 0.1, sigma 1.  The --jitter of Alg. 1 is ours (docs/mlp.md).\n"
    "Columns: task arch k m n params paper_params train test similarity seconds.\n"
    "params = trainable parameters; paper_params = the count of App. E.2 (input dim as 1).\n"
    "similarity = App. E.3 score of the final projections vs the true u_i ('-' for mono).";

int cmd_sim_train(int argc, char **argv)
{
    const char *cmd = "sim train";
    sim_mlp_exp_cfg c = sim_mlp_exp_default(SIM_MLP_METHOD_MONO);
    exp_cli e = exp_cli_default();
    cli_opt opts[EXP_NOPTS];
    int no = exp_opts(opts, &c, &e, 1);
    cli_spec spec = {cmd, "Train a monolithic or modular ReLU net on the sine-wave task (seed 003).",
                     train_details, opts, no, NULL, NULL, 0, NULL};
    int rc = cli_parse(&spec, argc, argv);
    if (rc) return rc;
    exp_finish(&c, &e, &spec);
    sim_mlp_exp_result r;
    rc = sim_mlp_exp_run(&r, &c);
    if (rc) return cli_fail(cmd, rc);
    cli_provenance(stdout);
    printf("# seed: %llu; width %ld; layers %ld; modules %ld; iters %ld; lr %g; batch %ld\n",
           (unsigned long long)c.seed, c.width, c.layers, c.method == SIM_MLP_METHOD_MONO ? 0 : (c.modules ? c.modules : 5 * c.k),
           c.iters, c.lr, c.batch);
    printf("task\tarch\tk\tm\tn\tparams\tpaper_params\ttrain\ttest\tsimilarity\tseconds\n");
    printf("%s\t%s\t%ld\t%ld\t%ld\t%ld\t%ld\t", task_names[c.task], arch_names[c.method], c.k, c.m, c.n,
           r.params, r.paper_params);
    cli_print_double(stdout, r.train, 8);
    putchar('\t');
    cli_print_double(stdout, r.test, 8);
    putchar('\t');
    print_opt(r.similarity, 6);
    putchar('\t');
    cli_print_double(stdout, r.seconds, 4);
    putchar('\n');
    return CLI_OK;
}

typedef struct {
    sim_mlp_exp_cfg cfg;
    double seconds;
    long runs;
} samples_ctx;

/* One training run of the search; progress goes to stderr (a search can
 * train at up to 2^cmax samples and take hours). */
static int samples_train(double *loss, long n, void *vctx)
{
    samples_ctx *s = vctx;
    s->cfg.n = n;
    fprintf(stderr, "modlaw sim samples: run %ld: training at n = %ld ...", ++s->runs, n);
    fflush(stderr);
    sim_mlp_exp_result r;
    int rc = sim_mlp_exp_run(&r, &s->cfg);
    s->seconds += r.seconds;
    *loss = r.test;
    if (rc) fprintf(stderr, " failed\n");
    else fprintf(stderr, " test loss %.4g (%.1f s; %.1f s so far)\n", r.test, r.seconds, s->seconds);
    return rc;
}

int cmd_sim_samples(int argc, char **argv)
{
    const char *cmd = "sim samples";
    sim_mlp_exp_cfg c = sim_mlp_exp_default(SIM_MLP_METHOD_MONO);
    exp_cli e = exp_cli_default();
    sim_mlp_samples_opts so = sim_mlp_samples_default_opts();
    cli_opt opts[EXP_NOPTS + 5];
    int no = exp_opts(opts, &c, &e, 0);
    opts[no++] = (cli_opt){"eps", CLI_DOUBLE, &so.eps, "E", "desired test loss [1.5]", NULL, 1e-12, 1e12, NULL, 0};
    opts[no++] = (cli_opt){"search-iters", CLI_LONG, &so.B, "B", "binary-search iterations B [18]", NULL, 1, 1000, NULL, 0};
    opts[no++] = (cli_opt){"c0", CLI_DOUBLE, &so.c0, "C", "first guess log2 n [12]", NULL, 0, 26.5, NULL, 0};
    opts[no++] = (cli_opt){"cmax", CLI_DOUBLE, &so.cmax, "C", "cap on log2 n [22] (at most 26.5: sim train allows n <= 1e8)", NULL, 0, 26.5, NULL, 0};
    opts[no++] = (cli_opt){"tol", CLI_DOUBLE, &so.tol, "T", "stop when r - l < tol [0.3]", NULL, 1e-6, 40, NULL, 0};
    cli_spec spec = {cmd, "Samples needed to reach a test loss (seed 003 Alg. 2, binary search over log2 n).",
        "Runs `sim train` at n = 2^c: c starts at --c0 and grows by 2 until the test loss is\n"
        "<= --eps, then bisects [l, r] until r - l < --tol or --search-iters runs.  Prints\n"
        "the smallest tried n that reached eps (2^r; 'inf' if even 2^cmax did not).  Each\n"
        "run is a '#' line (c, n, test).  Every run re-draws nothing: the task and the first\n"
        "n points are the same for all n at one seed.  Training flags as in `sim train`.\n"
        "Columns: task arch k m eps samples log2_samples runs seconds.",
        opts, no, NULL, NULL, 0, NULL};
    int rc = cli_parse(&spec, argc, argv);
    if (rc) return rc;
    if (so.c0 > so.cmax) return cli_error(cmd, CLI_EUSAGE, "--c0: must be <= --cmax");
    exp_finish(&c, &e, &spec);
    samples_ctx s = {c, 0, 0};
    double tc[1000], tl[1000], nout;
    long nt;
    rc = sim_mlp_samples_search(&nout, tc, tl, &nt, &so, samples_train, &s);
    if (rc) return cli_fail(cmd, rc);
    cli_provenance(stdout);
    printf("# seed: %llu; width %ld; layers %ld; iters %ld; lr %g\n", (unsigned long long)c.seed, c.width,
           c.layers, c.iters, c.lr);
    for (long i = 0; i < nt; i++)
        printf("# run %ld: log2 n = %.4g, n = %.0f, test = %.6g\n", i + 1, tc[i], round(pow(2.0, tc[i])), tl[i]);
    printf("task\tarch\tk\tm\teps\tsamples\tlog2_samples\truns\tseconds\n");
    printf("%s\t%s\t%ld\t%ld\t%g\t", task_names[c.task], arch_names[c.method], c.k, c.m, so.eps);
    cli_print_double(stdout, nout, 8);
    putchar('\t');
    cli_print_double(stdout, log2(nout), 6);
    printf("\t%ld\t", nt);
    cli_print_double(stdout, s.seconds, 4);
    putchar('\n');
    return CLI_OK;
}
