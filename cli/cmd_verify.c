/* cmd_verify.c -- `modlaw verify [CLAIM...]`: run claims, print the summary. */
#include "cli.h"
#include "verify.h"

#include <stdlib.h>
#include <string.h>

#define MAX_SELECT 256

static int matches(const verify_claim *cl, char **sel, int nsel)
{
    for (int i = 0; i < nsel; i++) {
        size_t len = strlen(sel[i]);
        if (strcmp(cl->id, sel[i]) == 0) return 1;
        /* a prefix ending at a '-' selects a family: "thm2" -> thm2-* */
        if (strncmp(cl->id, sel[i], len) == 0 && cl->id[len] == '-') return 1;
        /* alias (issue 6): "dynamics" selects the dyn-* family */
        if (strcmp(sel[i], "dynamics") == 0 && strncmp(cl->id, "dyn-", 4) == 0) return 1;
    }
    return 0;
}

static const char *verdict_word(verify_verdict v)
{
    return v == VERIFY_AGREE ? "AGREES" : v == VERIFY_DISAGREE ? "DISAGREES" : "NOT-JUDGED";
}

int cmd_verify(int argc, char **argv)
{
    const char *cmd = "verify";
    verify_opts o = verify_default_opts();
    int list = 0, quiet = 0, noplots = 0, strict = 0;
    char *sel[MAX_SELECT];
    int nsel = 0;
    cli_opt opts[] = {
        {"out", CLI_STRING, &o.out_dir, "DIR", "output directory for <claim>.tsv, figures, summary.tsv [data]", NULL, 1, 0, NULL, 0},
        {"seed", CLI_U64, &o.seed, "S", "base seed; each point derives its own [20240905]", NULL, 1, 0, NULL, 0},
        {"full", CLI_FLAG, &o.full, NULL, "paper-scale grids and trial counts (slow; see README)", NULL, 1, 0, NULL, 0},
        {"quick", CLI_FLAG, &o.quick, NULL, "tiny grids (used by the test suite)", NULL, 1, 0, NULL, 0},
        {"alpha", CLI_DOUBLE, &o.alpha, "A", "family-wise error rate of the whole run, split over claims and points (Bonferroni) [0.01]", NULL, 1e-12, 0.5, NULL, 0},
        {"force", CLI_FLAG, &o.force, NULL, "recompute points even if cached in DIR/.cache", NULL, 1, 0, NULL, 0},
        {"no-plots", CLI_FLAG, &noplots, NULL, "do not run gnuplot", NULL, 1, 0, NULL, 0},
        {"quiet", CLI_FLAG, &quiet, NULL, "no progress on stderr", NULL, 1, 0, NULL, 0},
        {"strict", CLI_FLAG, &strict, NULL, "exit 1 if any claim DISAGREES", NULL, 1, 0, NULL, 0},
        {"list", CLI_FLAG, &list, NULL, "list the registered claims (TSV) and exit", NULL, 1, 0, NULL, 0},
    };
    cli_spec spec = {cmd, "Run theory-vs-simulation claims and judge them with stated statistics.",
        "--alpha bounds the probability of any false DISAGREES in the run: it is split\n"
        "equally over the claims run and, within a claim, over its grid points.\n"
        "With no CLAIM, runs every claim marked default.  CLAIM is a claim id (see --list)\n"
        "or a family prefix such as 'thm2' (selects thm2-*).  Each claim writes\n"
        "DIR/<claim>.tsv (one row per grid point: theory, simulated mean, standard error,\n"
        "trials, the test used, its statistic, p-value and verdict) and DIR/<claim>.{gp,png,pdf}.\n"
        "Finished points are cached in DIR/.cache, so an interrupted run resumes where it\n"
        "stopped.  stdout gets the summary table (also DIR/summary.tsv):\n"
        "claim points judged agree verdict seconds.",
        opts, 10, "[CLAIM...]", sel, MAX_SELECT, &nsel};
    int rc = cli_parse(&spec, argc, argv);
    if (rc) return rc;
    o.plots = !noplots;
    o.progress = !quiet;
    if (o.full && o.quick) return cli_error(cmd, CLI_EUSAGE, "--full and --quick exclude each other");
    if (!o.out_dir || !*o.out_dir) return cli_error(cmd, CLI_EUSAGE, "--out: empty directory name");

    long count;
    const verify_claim *const *all = verify_claims(&count);
    if (list) {
        cli_provenance(stdout);
        printf("claim\tdefault\tequation\tstatement\ttest\n");
        for (long i = 0; i < count; i++)
            printf("%s\t%s\t%s\t%s\t%s\n", all[i]->id, all[i]->in_default ? "yes" : "no",
                   all[i]->equation, all[i]->statement, all[i]->test_desc);
        return CLI_OK;
    }
    for (int i = 0; i < nsel; i++) {
        int hit = 0;
        for (long c = 0; c < count; c++) hit |= matches(all[c], &sel[i], 1);
        if (!hit) return cli_error(cmd, CLI_EUSAGE, "unknown claim '%s' (see modlaw verify --list)", sel[i]);
    }
    if ((rc = modlaw_mkdir_p(o.out_dir))) return cli_fail(cmd, rc);

    verify_summary *sums = calloc((size_t)count, sizeof *sums);
    int *ran = calloc((size_t)count, sizeof *ran);
    if (!sums || !ran) {
        free(sums); free(ran);
        return cli_error(cmd, CLI_EFAIL, "out of memory");
    }
    int any_disagree = 0;
    long nrun = 0, total = 0;
    for (long c = 0; c < count; c++)
        total += nsel ? matches(all[c], sel, nsel) : all[c]->in_default;
    /* --alpha bounds the chance of any false DISAGREES in the whole run: each
     * claim gets alpha/total, each of its N points alpha/(total N). */
    o.alpha_run = o.alpha;
    o.nclaims = total;
    o.alpha = o.alpha_run / (double)(total > 0 ? total : 1);
    for (long c = 0; c < count && !rc; c++) {
        const verify_claim *cl = all[c];
        if (nsel ? !matches(cl, sel, nsel) : !cl->in_default) continue;
        nrun++;
        if (o.progress) fprintf(stderr, "modlaw verify: [%ld/%ld] %s -- %s\n", nrun, total, cl->id, cl->equation);
        rc = verify_run_claim(&sums[c], cl, &o);
        if (rc) break;
        ran[c] = 1;
        if (sums[c].verdict == VERIFY_DISAGREE) any_disagree = 1;
        if (o.progress)
            fprintf(stderr, "modlaw verify: %s: %ld/%ld judged points agree -> %s (%.1f s)\n", cl->id,
                    sums[c].agree, sums[c].judged, verdict_word(sums[c].verdict), sums[c].seconds);
    }
    if (rc) {
        free(sums); free(ran);
        return cli_fail(cmd, rc);
    }
    char path[4096];
    snprintf(path, sizeof path, "%s/summary.tsv", o.out_dir);
    modlaw_file *mf = NULL;
    rc = modlaw_file_open(&mf, path);
    FILE *outs[2] = {stdout, rc ? NULL : modlaw_file_stream(mf)};
    for (int k = 0; k < 2; k++) {
        FILE *f = outs[k];
        if (!f) continue;
        cli_provenance(f);
        fprintf(f, "# seed: %llu; grids: %s; run-wide family-wise alpha %g (%g per claim)\n",
                (unsigned long long)o.seed, o.full ? "full" : o.quick ? "quick" : "default",
                o.alpha_run, o.alpha);
        fprintf(f, "claim\tpoints\tjudged\tagree\tverdict\tseconds\tdata\n");
        for (long c = 0; c < count; c++)
            if (ran[c])
                fprintf(f, "%s\t%ld\t%ld\t%ld\t%s\t%.1f\t%s/%s.tsv\n", all[c]->id, sums[c].points,
                        sums[c].judged, sums[c].agree, verdict_word(sums[c].verdict),
                        sums[c].seconds, o.out_dir, all[c]->id);
    }
    if (mf && (rc = modlaw_file_commit(mf))) {
        free(sums); free(ran);
        return cli_fail(cmd, rc);
    }
    free(sums); free(ran);
    return strict && any_disagree ? CLI_EFAIL : CLI_OK;
}
