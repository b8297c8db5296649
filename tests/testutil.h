/* testutil.h -- helpers shared by the Check suites. */
#ifndef MODLAW_TESTUTIL_H
#define MODLAW_TESTUTIL_H

#include <check.h>
#include <stddef.h>

#define TEST_SUITE(name) Suite *suite_##name(void);
#include "suites.def"
#undef TEST_SUITE

/* Run bin/modlaw (path from $MODLAW_BIN) with the NULL-terminated argument
 * list; capture stdout and stderr (malloc'd, NUL-terminated; free them) and
 * return the exit status (or -1 if it did not exit normally). */
int run_cli(char **out, char **err, const char *const *args);

/* Relative difference |a - b| / max(|a|, |b|, tiny). */
double rel_diff(double a, double b);

/* The value of column `col` in the first data row of a TSV text (skipping
 * '#' lines and the header); returns NaN if absent. */
double tsv_value(const char *tsv, const char *col);

#endif
