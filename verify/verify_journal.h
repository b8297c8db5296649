/* verify_journal.h -- the verifier's point cache (private to verify/). */
#ifndef MODLAW_VERIFY_JOURNAL_H
#define MODLAW_VERIFY_JOURNAL_H

#include <stdio.h>
#include "verify.h"

typedef struct {
    char **keys;
    verify_point *pts;
    long n, cap;
} verify_journal;

/* Read journal lines from f into j, if its first line is "#config <config>";
 * damaged or torn lines are skipped (they are recomputed). */
void verify_journal_parse(verify_journal *j, FILE *f, const char *config);
/* The same from a file; a missing file leaves j empty. */
void verify_journal_load(verify_journal *j, const char *path, const char *config);
/* The most recent point with this key, or NULL. */
const verify_point *verify_journal_find(const verify_journal *j, const char *key);
void verify_journal_free(verify_journal *j);

#endif
