/* test_verify.c -- the judge: KS calibration, claim verdicts, resume. */
#include "testutil.h"
#include "verify.h"
#include "sim.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static double uniform_cdf(double x, const void *p)
{
    (void)p;
    return x < 0 ? 0 : x > 1 ? 1 : x;
}

static double square_cdf(double x, const void *p)
{
    (void)p;
    return x < 0 ? 0 : x > 1 ? 1 : x * x;
}

/* Under the null the KS p-value is uniform: about 5% of 400 replicates fall
 * below 0.05 (binomial s.d. 4.4; accept 5..40); under a wrong CDF p is tiny. */
START_TEST(ks_calibration)
{
    sim_rng r;
    double x[200], y[200];
    int low = 0, low2 = 0;
    for (int rep = 0; rep < 400; rep++) {
        sim_rng_seed(&r, 99, (uint64_t)rep);
        for (int i = 0; i < 200; i++) { x[i] = sim_rng_uniform(&r); y[i] = sim_rng_uniform(&r); }
        double p, p2;
        verify_ks_test(x, 200, uniform_cdf, NULL, &p);
        verify_ks2_test(x, 200, y, 200, &p2);
        low += p < 0.05;
        low2 += p2 < 0.05;
    }
    ck_assert_msg(low >= 5 && low <= 40, "one-sample: %d of 400 below 0.05", low);
    ck_assert_msg(low2 >= 5 && low2 <= 40, "two-sample: %d of 400 below 0.05", low2);
    sim_rng_seed(&r, 5, 0);
    for (int i = 0; i < 200; i++) x[i] = sim_rng_uniform(&r);
    double p;
    double D = verify_ks_test(x, 200, square_cdf, NULL, &p);
    ck_assert_msg(p < 1e-6, "wrong CDF accepted: D %g p %g", D, p);
    for (int i = 0; i < 200; i++) { x[i] = sim_rng_uniform(&r); y[i] = 0.2 + sim_rng_uniform(&r); }
    verify_ks2_test(x, 200, y, 200, &p);
    ck_assert(p < 1e-6);
}
END_TEST

START_TEST(z_threshold)
{
    /* Bonferroni threshold for alpha 0.01 over 20 points */
    double z = verify_z_quantile(0.01 / 40.0);
    ck_assert(fabs(z - 3.4807) < 1e-3);
}
END_TEST

static char *read_file(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = malloc((size_t)n + 1);
    size_t got = fread(b, 1, (size_t)n, f);
    b[got] = '\0';
    fclose(f);
    return b;
}

/* Strip '#' lines (the provenance date differs between runs). */
static void strip_comments(char *s)
{
    char *w = s;
    for (char *r = s; *r;) {
        char *nl = strchr(r, '\n');
        size_t len = nl ? (size_t)(nl - r + 1) : strlen(r);
        if (*r != '#') { memmove(w, r, len); w += len; }
        r += len;
    }
    *w = '\0';
}

START_TEST(claims_and_resume)
{
    char dir[] = "/tmp/modlaw-verify-XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char *out;
    const char *args[] = {"verify", "thm2", "F-band", "--quick", "--quiet", "--no-plots", "--out", dir, NULL};
    ck_assert_int_eq(run_cli(&out, NULL, args), 0);
    ck_assert_msg(strstr(out, "thm2-exact\t") && strstr(strstr(out, "thm2-exact\t"), "AGREES"), "%s", out);
    char *pr = strstr(out, "thm2-printed\t");
    ck_assert_ptr_nonnull(pr);
    ck_assert_msg(strncmp(strchr(strchr(strchr(strchr(pr, '\t') + 1, '\t') + 1, '\t') + 1, '\t') + 1, "DISAGREES", 9) == 0,
                  "printed form should disagree: %s", out);
    ck_assert_ptr_nonnull(strstr(strstr(out, "F-band\t"), "AGREES"));
    free(out);

    char path[512], cache[512];
    snprintf(path, sizeof path, "%s/thm2-exact.tsv", dir);
    snprintf(cache, sizeof cache, "%s/.cache/thm2-exact.points", dir);
    char *first = read_file(path);
    ck_assert_ptr_nonnull(first);
    ck_assert_ptr_nonnull(strstr(first, "# command: "));
    ck_assert_ptr_nonnull(strstr(first, "# test: "));
    /* a torn line at the end of the cache (a killed run) is ignored */
    FILE *f = fopen(cache, "a");
    fputs("99,1,2", f);
    fclose(f);
    remove(path);
    const char *args2[] = {"verify", "thm2-exact", "--quick", "--quiet", "--no-plots", "--out", dir, NULL};
    ck_assert_int_eq(run_cli(&out, NULL, args2), 0);
    free(out);
    char *second = read_file(path);
    ck_assert_ptr_nonnull(second);
    strip_comments(first);
    strip_comments(second);
    ck_assert_str_eq(first, second);
    free(first);
    free(second);
    /* prove that finished points are reused, not recomputed: plant a marker
     * value in the cache (the sim_mean of the first point) and look for it */
    char *c = read_file(cache);
    ck_assert_ptr_nonnull(c);
    char *line2 = strchr(c, '\n') + 1;           /* first point line */
    char *t1 = strchr(line2, '\t') + 1;          /* theory */
    char *t2 = strchr(t1, '\t') + 1;             /* mean */
    char *t3 = strchr(t2, '\t');
    f = fopen(cache, "w");
    fprintf(f, "%.*s12345.5%s", (int)(t2 - c), c, t3);
    fclose(f);
    free(c);
    ck_assert_int_eq(run_cli(&out, NULL, args2), 0);
    free(out);
    second = read_file(path);
    ck_assert_msg(strstr(second, "\t12345.5\t") != NULL, "cached point was recomputed");
    free(second);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    ck_assert_int_eq(system(cmd), 0);
}
END_TEST

Suite *suite_verify(void)
{
    Suite *s = suite_create("verify");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, ks_calibration);
    tcase_add_test(tc, z_threshold);
    tcase_add_test(tc, claims_and_resume);
    suite_add_tcase(s, tc);
    return s;
}
