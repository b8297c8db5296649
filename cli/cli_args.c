/* cli_args.c -- declarative option parsing with one-line errors. */
#include "cli.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

int cli_error(const char *cmd, int code, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "modlaw %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return code;
}

int cli_fail(const char *cmd, int status)
{
    const char *msg = modlaw_last_error();
    return cli_error(cmd, status == MODLAW_EINVAL ? CLI_EUSAGE : CLI_EFAIL, "%s",
                     *msg ? msg : "computation failed");
}

void cli_provenance(FILE *out)
{
    modlaw_write_provenance(out, modlaw_cmdline());
}

void cli_print_double(FILE *out, double x, int digits)
{
    if (isinf(x)) fputs(x > 0 ? "inf" : "-inf", out);
    else if (isnan(x)) fputs("nan", out); /* never expected: kept visible */
    else fprintf(out, "%.*g", digits, x);
}

static int choice_index(const char *choices, const char *arg)
{
    int idx = 0;
    size_t alen = strlen(arg);
    for (const char *p = choices; *p; idx++) {
        const char *bar = strchr(p, '|');
        size_t len = bar ? (size_t)(bar - p) : strlen(p);
        if (len == alen && strncmp(p, arg, len) == 0) return idx;
        if (!bar) break;
        p = bar + 1;
    }
    return -1;
}

static void print_help(const cli_spec *spec)
{
    printf("usage: modlaw %s", spec->name);
    if (spec->nopts) printf(" [options]");
    if (spec->positional_meta) printf(" %s", spec->positional_meta);
    printf("\n\n%s\n", spec->summary);
    if (spec->details) printf("\n%s\n", spec->details);
    printf("\noptions:\n");
    for (int i = 0; i < spec->nopts; i++) {
        const cli_opt *o = &spec->opts[i];
        char left[64];
        if (o->type == CLI_FLAG)
            snprintf(left, sizeof left, "--%s", o->name);
        else if (o->type == CLI_CHOICE)
            snprintf(left, sizeof left, "--%s %s", o->name, o->choices);
        else
            snprintf(left, sizeof left, "--%s %s", o->name, o->meta ? o->meta : "X");
        printf("  %-26s %s\n", left, o->help);
    }
    printf("  %-26s %s\n", "--help", "show this help and exit");
    printf("\nOutput is TSV on stdout: '#' provenance lines, one header line, rows.\n"
           "Exit status: 0 ok, 1 computation failed, 2 bad usage.\n");
}

static int set_value(const cli_spec *spec, cli_opt *o, const char *arg)
{
    char *end = NULL;
    errno = 0;
    switch (o->type) {
    case CLI_LONG: {
        long v = strtol(arg, &end, 10);
        if (end == arg || *end || errno)
            return cli_error(spec->name, CLI_EUSAGE, "--%s: expected an integer, got '%s'", o->name, arg);
        if (o->lo <= o->hi && ((double)v < o->lo || (double)v > o->hi))
            return cli_error(spec->name, CLI_EUSAGE, "--%s: must be in [%.0f, %.0f], got %ld",
                             o->name, o->lo, o->hi, v);
        *(long *)o->dest = v;
        break;
    }
    case CLI_U64: {
        if (arg[0] == '-' || arg[0] == '+')
            return cli_error(spec->name, CLI_EUSAGE, "--%s: expected a non-negative integer, got '%s'", o->name, arg);
        unsigned long long v = strtoull(arg, &end, 10);
        if (end == arg || *end || errno)
            return cli_error(spec->name, CLI_EUSAGE, "--%s: expected a non-negative integer, got '%s'", o->name, arg);
        *(uint64_t *)o->dest = (uint64_t)v;
        break;
    }
    case CLI_DOUBLE: {
        double v = strtod(arg, &end);
        /* decimal only: hex floats would mean different numbers to the
         * double path (strtod) and the Arb path (arb_set_str) */
        if (end == arg || *end || errno == ERANGE || !isfinite(v) || strpbrk(arg, "xX"))
            return cli_error(spec->name, CLI_EUSAGE, "--%s: expected a finite number, got '%s'", o->name, arg);
        if (o->lo <= o->hi && (v < o->lo || v > o->hi))
            return cli_error(spec->name, CLI_EUSAGE, "--%s: must be in [%g, %g], got %s",
                             o->name, o->lo, o->hi, arg);
        *(double *)o->dest = v;
        break;
    }
    case CLI_STRING:
        *(const char **)o->dest = arg;
        break;
    case CLI_CHOICE: {
        int idx = choice_index(o->choices, arg);
        if (idx < 0)
            return cli_error(spec->name, CLI_EUSAGE, "--%s: expected one of %s, got '%s'", o->name, o->choices, arg);
        *(int *)o->dest = idx;
        break;
    }
    case CLI_FLAG:
        *(int *)o->dest = 1;
        break;
    }
    if (o->raw) *o->raw = arg;
    return CLI_OK;
}

int cli_parse(const cli_spec *spec, int argc, char **argv)
{
    if (spec->npositional) *spec->npositional = 0;
    for (int i = 0; i < spec->nopts; i++) spec->opts[i].seen = 0;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            print_help(spec);
            return CLI_HELP;
        }
        if (strncmp(a, "--", 2) != 0 || a[2] == '\0') {
            if (!spec->positional || !spec->npositional ||
                *spec->npositional >= spec->max_positional)
                return cli_error(spec->name, CLI_EUSAGE, "unexpected argument '%s' (see --help)", a);
            spec->positional[(*spec->npositional)++] = argv[i];
            continue;
        }
        const char *name = a + 2;
        const char *eq = strchr(name, '=');
        size_t nlen = eq ? (size_t)(eq - name) : strlen(name);
        cli_opt *o = NULL;
        for (int j = 0; j < spec->nopts; j++)
            if (strlen(spec->opts[j].name) == nlen && strncmp(spec->opts[j].name, name, nlen) == 0)
                o = &spec->opts[j];
        if (!o)
            return cli_error(spec->name, CLI_EUSAGE, "unknown option '--%.*s' (see --help)", (int)nlen, name);
        if (o->seen)
            return cli_error(spec->name, CLI_EUSAGE, "--%s: given twice", o->name);
        o->seen = 1;
        const char *val;
        if (o->type == CLI_FLAG) {
            if (eq) return cli_error(spec->name, CLI_EUSAGE, "--%s: takes no value", o->name);
            val = "1";
        } else if (eq) {
            val = eq + 1;
        } else {
            if (i + 1 >= argc)
                return cli_error(spec->name, CLI_EUSAGE, "--%s: missing value", o->name);
            val = argv[++i];
        }
        int rc = set_value(spec, o, val);
        if (rc) return rc;
    }
    return CLI_OK;
}

int cli_seen(const cli_spec *spec, const char *name)
{
    for (int i = 0; i < spec->nopts; i++)
        if (strcmp(spec->opts[i].name, name) == 0) return spec->opts[i].seen;
    return 0;
}
