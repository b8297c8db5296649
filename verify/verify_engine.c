/* verify_engine.c -- walk a claim's grid, journal points, judge, write. */
#include "verify.h"
#include "plot.h"
#include "verify_journal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define VERIFY_MAX_POINTS 4096

#define VERIFY_CLAIM(name) extern const verify_claim verify_claim_##name;
#include "claims.def"
#undef VERIFY_CLAIM

static const verify_claim *const registry[] = {
#define VERIFY_CLAIM(name) &verify_claim_##name,
#include "claims.def"
#undef VERIFY_CLAIM
    NULL
};

const verify_claim *const *verify_claims(long *count)
{
    *count = (long)(sizeof registry / sizeof registry[0]) - 1;
    return registry;
}

const verify_claim *verify_find(const char *id)
{
    for (long i = 0; registry[i]; i++)
        if (strcmp(registry[i]->id, id) == 0) return registry[i];
    return NULL;
}

verify_opts verify_default_opts(void)
{
    verify_opts o = {0};
    o.out_dir = "data";
    o.seed = 20240905;
    o.alpha = 0.01;
    o.progress = 1;
    o.plots = 1;
    return o;
}

static uint64_t fnv1a(const char *s, uint64_t h)
{
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 0x100000001B3ULL;
    }
    return h;
}

static void point_key(char *key, size_t len, const verify_claim *cl, const double *x)
{
    size_t used = 0;
    key[0] = '\0';
    for (int i = 0; i < cl->nx && used < len; i++)
        used += (size_t)snprintf(key + used, len - used, "%s%.17g", i ? "," : "", x[i]);
}

static void put_num(FILE *f, double x)
{
    if (isinf(x)) fputs(x > 0 ? "inf" : "-inf", f);
    else fprintf(f, "%.17g", x);
}

static void put_num_short(FILE *f, double x)
{
    if (isinf(x)) fputs(x > 0 ? "inf" : "-inf", f);
    else fprintf(f, "%.10g", x);
}

/* One journal line (full precision, so a resumed run is bit-identical). */
static void journal_line(FILE *jf, const char *key, const verify_point *p)
{
    fprintf(jf, "%s\t", key);
    put_num(jf, p->theory); fputc('\t', jf);
    put_num(jf, p->mean); fputc('\t', jf);
    put_num(jf, p->se); fputc('\t', jf);
    fprintf(jf, "%ld\t%d\t", p->trials, (int)p->test);
    put_num(jf, p->stat); fputc('\t', jf);
    put_num(jf, p->pvalue); fputc('\t', jf);
    fprintf(jf, "%d\n", (int)p->verdict);
}

/* Rewrite the journal with its valid points (temporary file + rename, so a
 * kill here loses nothing), then reopen it for appending.  NULL (with a
 * warning on stderr when progress is on) if it cannot be written: the run
 * then goes on without resume. */
static FILE *journal_restart(const char *cache, const char *config, const verify_journal *j,
                             int progress)
{
    modlaw_file *mf;
    if (modlaw_file_open(&mf, cache) == MODLAW_OK) {
        FILE *f = modlaw_file_stream(mf);
        fprintf(f, "#config %s", config);
        for (long i = 0; i < j->n; i++) journal_line(f, j->keys[i], &j->pts[i]);
        if (modlaw_file_commit(mf) == MODLAW_OK) {
            FILE *jf = fopen(cache, "a");
            if (jf) return jf;
        }
    }
    if (progress)
        fprintf(stderr, "modlaw verify: warning: cannot write %s; this run cannot be resumed\n", cache);
    return NULL;
}

static int write_tsv(const char *path, const verify_claim *cl, const verify_opts *o,
                     const verify_point *pts, long n, const verify_summary *sum,
                     double zcrit)
{
    modlaw_file *mf;
    int rc = modlaw_file_open(&mf, path);
    if (rc) return rc;
    FILE *f = modlaw_file_stream(mf);
    modlaw_write_provenance(f, modlaw_cmdline());
    fprintf(f, "# claim: %s\n# paper: %s\n# equation: %s\n# statement: %s\n# test: %s\n",
            cl->id, cl->paper, cl->equation, cl->statement, cl->test_desc);
    if (o->nclaims > 0)
        fprintf(f, "# run-wide family-wise alpha %g split over %ld claims (Bonferroni)\n",
                o->alpha_run, o->nclaims);
    fprintf(f, "# seed: %llu; grid: %s; family-wise alpha %g over %ld points "
               "(Bonferroni: |z| <= %.3f, KS p >= %.3g)\n",
            (unsigned long long)o->seed, o->full ? "full" : o->quick ? "quick" : "default",
            o->alpha, n, zcrit, o->alpha / (double)n);
    fprintf(f, "# summary: %ld points, %ld judged, %ld agree, verdict %s\n",
            sum->points, sum->judged, sum->agree,
            sum->verdict == VERIFY_AGREE ? "AGREES" :
            sum->verdict == VERIFY_DISAGREE ? "DISAGREES" : "NOT JUDGED");
    for (int i = 0; i < cl->nx; i++) fprintf(f, "%s\t", cl->xnames[i]);
    fprintf(f, "theory\tsim_mean\tsim_se\ttrials\ttest\tstat\tp_value\tverdict\n");
    for (long i = 0; i < n; i++) {
        const verify_point *p = &pts[i];
        for (int k = 0; k < cl->nx; k++) {
            fprintf(f, "%.10g\t", p->x[k]);
        }
        put_num_short(f, p->theory); fputc('\t', f);
        put_num_short(f, p->mean); fputc('\t', f);
        put_num_short(f, p->se); fputc('\t', f);
        fprintf(f, "%ld\t%s\t", p->trials, verify_test_name(p->test));
        put_num_short(f, p->stat); fputc('\t', f);
        put_num_short(f, p->pvalue); fputc('\t', f);
        fprintf(f, "%s\n", verify_verdict_name(p->verdict));
    }
    return modlaw_file_commit(mf);
}

static int draw_figure(const verify_claim *cl, const char *tsv, const char *prefix,
                       const verify_point *pts, long n)
{
    double series[64];
    int ns = 0;
    if (cl->plot_series >= 0) {
        for (long i = 0; i < n && ns < 64; i++) {
            double v = pts[i].x[cl->plot_series];
            int seen = 0;
            for (int k = 0; k < ns; k++) if (series[k] == v) seen = 1;
            if (!seen) series[ns++] = v;
        }
    }
    char title[512];
    /* two lines: gnuplot turns the escaped \n into a line break */
    snprintf(title, sizeof title, "%s  (%s)\\n%s", cl->id, cl->paper, cl->equation);
    plot_spec ps = {
        .kind = cl->heatmap ? PLOT_HEATMAP : PLOT_CURVES,
        .tsv = tsv, .out_prefix = prefix, .title = title,
        .xlabel = cl->xnames[cl->plot_x], .ylabel = cl->ylabel,
        .xcol = cl->plot_x + 1,
        .theory_col = cl->nx + 1, .mean_col = cl->nx + 2, .se_col = cl->nx + 3,
        .series_col = cl->plot_series >= 0 ? cl->plot_series + 1 : 0,
        .series_name = cl->plot_series >= 0 ? cl->xnames[cl->plot_series] : NULL,
        .series = series, .nseries = ns,
        .logx = cl->logx, .logy = cl->logy,
    };
    return plot_draw(&ps);
}

int verify_run_claim(verify_summary *sum, const verify_claim *cl, const verify_opts *o)
{
    memset(sum, 0, sizeof *sum);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int rc = modlaw_mkdir_p(o->out_dir);
    if (rc) return rc;
    char path[4096], cache_dir[4096], cache[4200], prefix[4096];
    snprintf(cache_dir, sizeof cache_dir, "%s/.cache", o->out_dir);
    if ((rc = modlaw_mkdir_p(cache_dir))) return rc;
    snprintf(cache, sizeof cache, "%s/%s.points", cache_dir, cl->id);
    snprintf(path, sizeof path, "%s/%s.tsv", o->out_dir, cl->id);
    snprintf(prefix, sizeof prefix, "%s/%s", o->out_dir, cl->id);

    double (*x)[VERIFY_MAX_X] = calloc(VERIFY_MAX_POINTS, sizeof *x);
    verify_point *pts = calloc(VERIFY_MAX_POINTS, sizeof *pts);
    if (!x || !pts) {
        free(x); free(pts);
        return modlaw_fail(MODLAW_ENOMEM, "out of memory");
    }
    long n = cl->grid(x, VERIFY_MAX_POINTS, o);
    if (n <= 0) {
        free(x); free(pts);
        return n < 0 ? MODLAW_EINVAL : modlaw_fail(MODLAW_EINVAL, "%s: empty grid", cl->id);
    }

    char config[512];
    snprintf(config, sizeof config, "modlaw=%s build=%s seed=%llu grid=%s alpha=%.17g n=%ld\n",
             MODLAW_VERSION, modlaw_build_stamp(), (unsigned long long)o->seed,
             o->full ? "full" : o->quick ? "quick" : "default", o->alpha, n);
    verify_journal j = {0};
    if (!o->force) verify_journal_load(&j, cache, config);
    /* rewrite the cache from what is valid, then append as points finish */
    FILE *jf = journal_restart(cache, config, &j, o->progress);

    verify_ctx ctx = {cl, o, 0, n, 0, 0, 0};
    ctx.zcrit = verify_z_quantile(o->alpha / (2.0 * (double)n));
    ctx.pcrit = o->alpha / (double)n;
    long reused = 0;
    for (long i = 0; i < n && !rc; i++) {
        char key[1024];
        point_key(key, sizeof key, cl, x[i]);
        const verify_point *old = verify_journal_find(&j, key);
        if (old) {
            pts[i] = *old;
            memcpy(pts[i].x, x[i], sizeof x[i]);
            reused++;
            continue;
        }
        memset(&pts[i], 0, sizeof pts[i]);
        memcpy(pts[i].x, x[i], sizeof x[i]);
        ctx.index = i;
        ctx.seed = fnv1a(key, fnv1a(cl->id, 0xCBF29CE484222325ULL)) ^ o->seed;
        rc = cl->point(&pts[i], &ctx);
        if (rc) break;
        if (jf) {
            journal_line(jf, key, &pts[i]);
            fflush(jf);
        }
        if (o->progress) {
            clock_gettime(CLOCK_MONOTONIC, &t1);
            fprintf(stderr, "\r  [%s] %ld/%ld points (%.0f s)   ", cl->id, i + 1, n,
                    (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec));
        }
    }
    if (jf) fclose(jf);
    verify_journal_free(&j);
    if (o->progress && n > reused) fputc('\n', stderr);
    if (!rc) {
        sum->points = n;
        for (long i = 0; i < n; i++) {
            if (pts[i].verdict == VERIFY_NOT_JUDGED) continue;
            sum->judged++;
            if (pts[i].verdict == VERIFY_AGREE) sum->agree++;
        }
        sum->verdict = sum->judged == 0 ? VERIFY_NOT_JUDGED :
                       sum->agree == sum->judged ? VERIFY_AGREE : VERIFY_DISAGREE;
        rc = write_tsv(path, cl, o, pts, n, sum, ctx.zcrit);
        if (!rc && o->plots) rc = draw_figure(cl, path, prefix, pts, n);
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    sum->seconds = (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec);
    free(x);
    free(pts);
    return rc;
}
