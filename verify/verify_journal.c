/* verify_journal.c -- the verifier's point cache. */
#include "verify_journal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- the point cache (journal) ------------------------------------------
 * <out>/.cache/<id>.points holds one line per finished point:
 *   key \t theory \t mean \t se \t trials \t test \t stat \t pvalue \t verdict
 * after a first line "#config <string>".  Lines are appended and flushed as
 * points finish, so a killed run loses at most the point in progress; a torn
 * last line fails to parse and is recomputed. */
void verify_journal_free(verify_journal *j)
{
    for (long i = 0; i < j->n; i++) free(j->keys[i]);
    free(j->keys);
    free(j->pts);
    memset(j, 0, sizeof *j);
}

static int journal_add(verify_journal *j, const char *key, const verify_point *pt)
{
    if (j->n == j->cap) {
        long cap = j->cap ? 2 * j->cap : 64;
        char **k = realloc(j->keys, (size_t)cap * sizeof *k);
        if (!k) return MODLAW_ENOMEM;
        j->keys = k;
        verify_point *p = realloc(j->pts, (size_t)cap * sizeof *p);
        if (!p) return MODLAW_ENOMEM;
        j->pts = p;
        j->cap = cap;
    }
    j->keys[j->n] = strdup(key);
    if (!j->keys[j->n]) return MODLAW_ENOMEM;
    j->pts[j->n++] = *pt;
    return MODLAW_OK;
}

const verify_point *verify_journal_find(const verify_journal *j, const char *key)
{
    for (long i = j->n - 1; i >= 0; i--)
        if (strcmp(j->keys[i], key) == 0) return &j->pts[i];
    return NULL;
}

void verify_journal_parse(verify_journal *j, FILE *f, const char *config)
{
    char line[4096];
    if (!fgets(line, sizeof line, f) || strncmp(line, "#config ", 8) != 0 ||
        strcmp(line + 8, config) != 0)
        return; /* made with other settings: ignore it */
    while (fgets(line, sizeof line, f)) {
        size_t len = strlen(line);
        if (len == 0) break;
        if (line[len - 1] != '\n') {
            if (feof(f)) break;            /* torn last line: recomputed */
            int ch;                        /* over-long line: skip it only */
            while ((ch = fgetc(f)) != EOF && ch != '\n') {}
            continue;
        }
        char key[1024];
        verify_point pt;
        memset(&pt, 0, sizeof pt);
        int test, verdict;
        if (sscanf(line, "%1023[^\t]\t%lf\t%lf\t%lf\t%ld\t%d\t%lf\t%lf\t%d", key, &pt.theory,
                   &pt.mean, &pt.se, &pt.trials, &test, &pt.stat, &pt.pvalue, &verdict) != 9)
            continue;
        /* a damaged line must not smuggle in an invalid enum or a NaN result */
        if (test < VERIFY_TEST_Z || test > VERIFY_TEST_LAST) continue;
        if (verdict < VERIFY_AGREE || verdict > VERIFY_NOT_JUDGED) continue;
        if (isnan(pt.theory) || isnan(pt.mean) || pt.trials < 0) continue;
        /* a judged z-test needs a real standard error and statistic */
        if (test == VERIFY_TEST_Z && verdict != VERIFY_NOT_JUDGED && (isnan(pt.se) || isnan(pt.stat)))
            continue;
        pt.test = (verify_test)test;
        pt.verdict = (verify_verdict)verdict;
        if (journal_add(j, key, &pt)) break;
    }
}

void verify_journal_load(verify_journal *j, const char *path, const char *config)
{
    FILE *f = fopen(path, "r");
    if (!f) return;
    verify_journal_parse(j, f, config);
    fclose(f);
}
