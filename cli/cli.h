/* cli.h -- the thin command-line layer: declarative option parsing, TSV
 * printing and the command table.  Only code under cli/ prints to stdout or
 * exits. */
#ifndef MODLAW_CLI_H
#define MODLAW_CLI_H

#include <stdint.h>
#include <stdio.h>
#include "model.h"

/* Exit codes (DESIGN.md): 0 ok, 1 failed computation, 2 bad usage. */
enum { CLI_OK = 0, CLI_EFAIL = 1, CLI_EUSAGE = 2, CLI_HELP = -1 };

typedef enum {
    CLI_LONG,    /* long, must parse fully; range [lo, hi]                  */
    CLI_DOUBLE,  /* finite double; range [lo, hi]                           */
    CLI_U64,     /* unsigned 64-bit integer (seeds)                         */
    CLI_STRING,  /* const char *                                            */
    CLI_CHOICE,  /* int index into the '|'-separated list in `choices`      */
    CLI_FLAG     /* int set to 1                                            */
} cli_type;

typedef struct {
    const char *name;     /* without the leading "--"                       */
    cli_type type;
    void *dest;
    const char *meta;     /* placeholder in the usage line, e.g. "N"        */
    const char *help;     /* one line                                       */
    const char *choices;  /* CLI_CHOICE: "mono|modular"                     */
    double lo, hi;        /* numeric range (inclusive); lo > hi: unchecked   */
    const char **raw;     /* if non-NULL receives the argument text         */
    int seen;             /* set by cli_parse                               */
} cli_opt;

typedef struct {
    const char *name;     /* "theory loss"                                   */
    const char *summary;  /* one line                                        */
    const char *details;  /* paragraph(s) shown by --help, may be NULL       */
    cli_opt *opts;
    int nopts;
    /* positional arguments (NULL = none allowed) */
    const char *positional_meta;
    char **positional;
    int max_positional;
    int *npositional;
} cli_spec;

/* Parse argv (argv[0] is the first option) against spec.  Returns CLI_OK,
 * CLI_HELP (help was printed to stdout) or CLI_EUSAGE (a one-line error
 * naming the argument was printed to stderr). */
int cli_parse(const cli_spec *spec, int argc, char **argv);

/* 1 if option `name` was given on the command line. */
int cli_seen(const cli_spec *spec, const char *name);

/* Print a one-line error "modlaw <cmd>: <msg>" and return `code`. */
int cli_error(const char *cmd, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Report a library failure: message from modlaw_last_error(); EINVAL maps to
 * exit 2 (bad usage), everything else to 1. */
int cli_fail(const char *cmd, int status);

/* The standard '#' provenance lines for stdout output. */
void cli_provenance(FILE *out);

/* Print a double for TSV: %.*g with `digits` significant digits, "inf",
 * "-inf" (NaN never reaches output: it is reported as an error upstream). */
void cli_print_double(FILE *out, double x, int digits);

/* Model options shared by `theory loss` and `sim loss` (and later commands):
 * --arch --n --p --d --m --b --k --c --omega --form.  Fills opts[0..] and
 * returns the number used (at most CLI_MODEL_NOPTS). */
#define CLI_MODEL_NOPTS 10
typedef struct { int arch, form; } cli_model_choices;
int cli_model_opts(cli_opt *opts, model_desc *md, cli_model_choices *ch);
/* After parsing: copy the choices into md and validate it (prints errors). */
int cli_model_finish(const char *cmd, model_desc *md, const cli_model_choices *ch);

/* Command table (cli/commands.def). */
typedef int (*cli_cmd_fn)(int argc, char **argv);
#define CLI_CMD(group, sub, fn, summary) int fn(int argc, char **argv);
#include "commands.def"
#undef CLI_CMD

#endif
