/* test_cli.c -- the command-line contract: columns, inf, precision, errors. */
#include "testutil.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Run and expect exit 2 with a one-line message naming `needle`. */
static void expect_usage_error(const char *needle, const char *const *args)
{
    char *out, *err;
    int rc = run_cli(&out, &err, args);
    ck_assert_msg(rc == 2, "exit %d for %s ... (stderr: %s)", rc, args[0], err);
    ck_assert_msg(strstr(err, needle) != NULL, "stderr '%s' does not name '%s'", err, needle);
    char *nl = strchr(err, '\n');
    ck_assert_msg(nl && nl[1] == '\0', "error is not one line: '%s'", err);
    free(out);
    free(err);
}

START_TEST(bad_input)
{
    expect_usage_error("--n", (const char *const[]){"theory", "loss", "--n", "0", "--p", "5", NULL});
    expect_usage_error("--n", (const char *const[]){"theory", "loss", "--n", "-3", "--p", "5", NULL});
    expect_usage_error("--p", (const char *const[]){"theory", "loss", "--n", "3", "--p", "0", NULL});
    expect_usage_error("--p", (const char *const[]){"theory", "loss", "--n", "3", NULL});
    expect_usage_error("--m", (const char *const[]){"theory", "loss", "--n", "3", "--p", "5", "--m", "0", NULL});
    expect_usage_error("--p", (const char *const[]){"theory", "loss", "--arch", "modular", "--n", "3", "--p", "8", "--m", "4", "--b", "2", NULL});
    expect_usage_error("--n", (const char *const[]){"theory", "loss", "--n", "abc", "--p", "5", NULL});
    expect_usage_error("--n", (const char *const[]){"theory", "loss", "--n", "3x", "--p", "5", NULL});
    expect_usage_error("--frobnicate", (const char *const[]){"theory", "loss", "--frobnicate", "--n", "3", "--p", "5", NULL});
    expect_usage_error("--omega", (const char *const[]){"theory", "loss", "--n", "3", "--p", "5", "--omega", "1", NULL});
    expect_usage_error("--omega", (const char *const[]){"theory", "loss", "--n", "3", "--p", "5", "--omega", "0.5", NULL});
    expect_usage_error("--c", (const char *const[]){"theory", "loss", "--n", "3", "--p", "5", "--c", "0", NULL});
    expect_usage_error("--c", (const char *const[]){"theory", "loss", "--n", "3", "--p", "5", "--c", "nan", NULL});
    expect_usage_error("--c", (const char *const[]){"theory", "loss", "--n", "3", "--p", "5", "--c", "1e999", NULL});
    expect_usage_error("--arch", (const char *const[]){"theory", "loss", "--n", "3", "--p", "5", "--arch", "dense", NULL});
    expect_usage_error("--p", (const char *const[]){"theory", "F", "--n", "3", "--p", "-1", NULL});
    expect_usage_error("--trials", (const char *const[]){"sim", "F", "--n", "3", "--p", "5", "--trials", "0", NULL});
    expect_usage_error("--seed", (const char *const[]){"sim", "F", "--n", "3", "--p", "5", "--seed", "-1", NULL});
    expect_usage_error("--n", (const char *const[]){"sim", "loss", "--n", "99999999999", "--p", "50000", NULL});
    expect_usage_error("--prec", (const char *const[]){"theory", "F", "--n", "3", "--p", "5", "--prec", "1", NULL});
    expect_usage_error("frob", (const char *const[]){"frob", NULL});
    expect_usage_error("nope", (const char *const[]){"verify", "nope", "--quiet", NULL});
}
END_TEST

START_TEST(outputs)
{
    char *out;
    ck_assert_int_eq(run_cli(&out, NULL, (const char *const[]){"theory", "F", "--n", "10", "--p", "11", NULL}), 0);
    ck_assert_ptr_nonnull(strstr(out, "# modlaw"));
    ck_assert(isinf(tsv_value(out, "F")));
    ck_assert_ptr_nonnull(strstr(out, "\tinf\t"));
    free(out);
    /* Arb output: many guaranteed digits, agreeing with the double path */
    char *o2;
    ck_assert_int_eq(run_cli(&out, NULL, (const char *const[]){"theory", "loss", "--n", "40", "--p", "20", "--m", "3", NULL}), 0);
    ck_assert_int_eq(run_cli(&o2, NULL, (const char *const[]){"theory", "loss", "--n", "40", "--p", "20", "--m", "3", "--prec", "300", NULL}), 0);
    double t1 = tsv_value(out, "test"), t2 = tsv_value(o2, "test");
    ck_assert(rel_diff(t1, t2) < 1e-14);
    /* 300 bits = 90 decimal digits; the double agrees to ~16 of them */
    ck_assert_msg(strstr(o2, "\t1.07483219672499608580201334086230409313929407835") != NULL, "%s", o2);
    free(out); free(o2);
    /* help on every command */
    const char *cmds[][2] = {{"theory", "loss"}, {"theory", "F"}, {"theory", "grid"}, {"sim", "F"}, {"sim", "loss"}, {"verify", NULL}};
    for (int i = 0; i < 6; i++) {
        const char *args[4] = {cmds[i][0], cmds[i][1] ? cmds[i][1] : "--help", cmds[i][1] ? "--help" : NULL, NULL};
        ck_assert_int_eq(run_cli(&out, NULL, args), 0);
        ck_assert_ptr_nonnull(strstr(out, "usage: modlaw"));
        free(out);
    }
}
END_TEST

START_TEST(sim_reproducible)
{
    char *a, *b, *c;
    const char *args1[] = {"sim", "loss", "--n", "30", "--p", "12", "--trials", "200", "--seed", "5", NULL};
    const char *args2[] = {"sim", "loss", "--n", "30", "--p", "12", "--trials", "200", "--seed", "6", NULL};
    ck_assert_int_eq(run_cli(&a, NULL, args1), 0);
    ck_assert_int_eq(run_cli(&b, NULL, args1), 0);
    ck_assert_int_eq(run_cli(&c, NULL, args2), 0);
    ck_assert(tsv_value(a, "test") == tsv_value(b, "test"));
    ck_assert(tsv_value(a, "test") != tsv_value(c, "test"));
    free(a); free(b); free(c);
    /* the band: note that no valid error bar exists */
    ck_assert_int_eq(run_cli(&a, NULL, (const char *const[]){"sim", "F", "--n", "10", "--p", "10", "--trials", "50", NULL}), 0);
    ck_assert_ptr_nonnull(strstr(a, "# note:"));
    free(a);
}
END_TEST

Suite *suite_cli(void)
{
    Suite *s = suite_create("cli");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, bad_input);
    tcase_add_test(tc, outputs);
    tcase_add_test(tc, sim_reproducible);
    suite_add_tcase(s, tc);
    return s;
}
