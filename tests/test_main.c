/* test_main.c -- runs every Check suite listed in tests/suites.def. */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

double rel_diff(double a, double b)
{
    double s = fmax(fmax(fabs(a), fabs(b)), 1e-300);
    return fabs(a - b) / s;
}

static char *slurp_fd(int fd)
{
    size_t cap = 4096, len = 0;
    char *buf = malloc(cap);
    for (;;) {
        if (len + 1024 > cap) buf = realloc(buf, cap *= 2);
        ssize_t r = read(fd, buf + len, cap - len - 1);
        if (r <= 0) break;
        len += (size_t)r;
    }
    buf[len] = '\0';
    return buf;
}

int run_cli(char **out, char **err, const char *const *args)
{
    const char *bin = getenv("MODLAW_BIN");
    if (!bin) bin = "bin/modlaw";
    char outp[] = "/tmp/modlaw-test-out-XXXXXX", errp[] = "/tmp/modlaw-test-err-XXXXXX";
    int fo = mkstemp(outp), fe = mkstemp(errp);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(fo, 1);
        dup2(fe, 2);
        int n = 0;
        while (args[n]) n++;
        char **argv = calloc((size_t)n + 2, sizeof *argv);
        argv[0] = (char *)bin;
        for (int i = 0; i < n; i++) argv[i + 1] = (char *)args[i];
        execv(bin, argv);
        _exit(127);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    lseek(fo, 0, SEEK_SET);
    lseek(fe, 0, SEEK_SET);
    char *o = slurp_fd(fo), *e = slurp_fd(fe);
    close(fo); close(fe);
    unlink(outp); unlink(errp);
    if (out) *out = o; else free(o);
    if (err) *err = e; else free(e);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

double tsv_value(const char *tsv, const char *col)
{
    const char *line = tsv;
    const char *header = NULL, *row = NULL;
    while (line && *line) {
        if (*line != '#') {
            if (!header) header = line;
            else { row = line; break; }
        }
        line = strchr(line, '\n');
        if (line) line++;
    }
    if (!header || !row) return NAN;
    int idx = 0, found = -1;
    const char *p = header;
    size_t clen = strlen(col);
    while (*p && *p != '\n') {
        const char *end = p;
        while (*end && *end != '\t' && *end != '\n') end++;
        if ((size_t)(end - p) == clen && strncmp(p, col, clen) == 0) { found = idx; break; }
        idx++;
        p = *end == '\t' ? end + 1 : end;
    }
    if (found < 0) return NAN;
    p = row;
    for (int i = 0; i < found && *p && *p != '\n'; i++) {
        while (*p && *p != '\t' && *p != '\n') p++;
        if (*p == '\t') p++;
    }
    return strtod(p, NULL);
}

int main(void)
{
    SRunner *sr = srunner_create(NULL);
#define TEST_SUITE(name) srunner_add_suite(sr, suite_##name());
#include "suites.def"
#undef TEST_SUITE
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? 0 : 1;
}
