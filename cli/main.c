/* main.c -- modlaw command dispatch. */
#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

typedef struct {
    const char *group, *sub;
    cli_cmd_fn fn;
    const char *summary;
} cmd_entry;

static const cmd_entry commands[] = {
#define CLI_CMD(group, sub, fn, summary) {group, sub, fn, summary},
#include "commands.def"
#undef CLI_CMD
};
static const int ncommands = (int)(sizeof commands / sizeof commands[0]);

static void usage(FILE *out)
{
    fprintf(out,
        "modlaw %s -- theory and simulation of modular neural-network scaling laws\n\n"
        "usage: modlaw <command> [options]     (modlaw <command> --help for details)\n\n"
        "commands:\n", MODLAW_VERSION);
    /* grouped: every command of a group together, groups in table order */
    for (int g = 0; g < ncommands; g++) {
        int first = 1;
        for (int j = 0; j < g; j++)
            if (strcmp(commands[j].group, commands[g].group) == 0) first = 0;
        if (!first) continue;
        for (int i = g; i < ncommands; i++) {
            if (strcmp(commands[i].group, commands[g].group) != 0) continue;
            char name[64];
            snprintf(name, sizeof name, "%s%s%s", commands[i].group,
                     commands[i].sub ? " " : "", commands[i].sub ? commands[i].sub : "");
            fprintf(out, "  %-18s %s\n", name, commands[i].summary);
        }
    }
    fprintf(out,
        "\nOutput is TSV with '#' provenance lines and one header line.\n"
        "Exit status: 0 ok, 1 computation failed, 2 bad usage.\n"
        "Documentation: README.md and docs/ (docs/cli.md is the manual).\n");
}

/* A command's output is only useful if it all reached stdout (a full disk,
 * a closed pipe): check once at the end and fail loudly otherwise. */
static int finish(int rc)
{
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "modlaw: cannot write the output (stdout): %s\n", strerror(errno));
        return rc ? rc : CLI_EFAIL;
    }
    return rc;
}

int main(int argc, char **argv)
{
    modlaw_set_cmdline(argc, argv);
    if (argc < 2) {
        usage(stderr);
        return CLI_EUSAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return CLI_OK;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("modlaw %s\n", MODLAW_VERSION);
        return CLI_OK;
    }
    int group_known = 0;
    for (int i = 0; i < ncommands; i++) {
        if (strcmp(argv[1], commands[i].group) != 0) continue;
        group_known = 1;
        if (!commands[i].sub) {
            int rc = commands[i].fn(argc - 2, argv + 2);
            return finish(rc == CLI_HELP ? CLI_OK : rc);
        }
        if (argc >= 3 && strcmp(argv[2], commands[i].sub) == 0) {
            int rc = commands[i].fn(argc - 3, argv + 3);
            return finish(rc == CLI_HELP ? CLI_OK : rc);
        }
    }
    if (group_known) {
        if (argc >= 3 && (strcmp(argv[2], "--help") == 0 || strcmp(argv[2], "-h") == 0)) {
            printf("modlaw %s subcommands:\n", argv[1]);
            for (int i = 0; i < ncommands; i++)
                if (strcmp(argv[1], commands[i].group) == 0)
                    printf("  %-10s %s\n", commands[i].sub, commands[i].summary);
            return CLI_OK;
        }
        fprintf(stderr, "modlaw %s: unknown or missing subcommand '%s' (see modlaw %s --help)\n",
                argv[1], argc >= 3 ? argv[2] : "", argv[1]);
        return CLI_EUSAGE;
    }
    fprintf(stderr, "modlaw: unknown command '%s' (see modlaw --help)\n", argv[1]);
    return CLI_EUSAGE;
}
