/* cmd_verify.c -- `modlaw verify` (placeholder until verify/ lands). */
#include "cli.h"

int cmd_verify(int argc, char **argv)
{
    (void)argc; (void)argv;
    return cli_error("verify", CLI_EFAIL, "not yet built");
}
