/* cli_model.c -- the model flags shared by theory and sim commands. */
#include "cli.h"

int cli_model_opts(cli_opt *o, model_desc *md, cli_model_choices *ch)
{
    ch->arch = md->arch;
    ch->form = md->form;
    int i = 0;
    o[i++] = (cli_opt){"arch", CLI_CHOICE, &ch->arch, NULL,
        "monolithic (Thm 1) or modular (Thm 2) model [mono]", "mono|modular", 1, 0, NULL, 0};
    o[i++] = (cli_opt){"n", CLI_LONG, &md->n, "N", "number of training samples (required)", NULL, 1, 1e12, NULL, 0};
    o[i++] = (cli_opt){"p", CLI_LONG, &md->p, "P", "number of model parameters (required)", NULL, 1, 1e12, NULL, 0};
    o[i++] = (cli_opt){"d", CLI_LONG, &md->d, "D", "output dimension [1]", NULL, 1, 1e9, NULL, 0};
    o[i++] = (cli_opt){"m", CLI_LONG, &md->m, "M", "task input dimension [1]", NULL, 1, 1e6, NULL, 0};
    o[i++] = (cli_opt){"b", CLI_LONG, &md->b, "B", "module input dimension (modular) [1]", NULL, 1, 1e6, NULL, 0};
    o[i++] = (cli_opt){"k", CLI_LONG, &md->k, "K", "number of target modules (modular) [1]", NULL, 1, 1e6, NULL, 0};
    o[i++] = (cli_opt){"c", CLI_DOUBLE, &md->c, "C", "spectrum scale c > 0 (Eq. 19) [1.15]", NULL, 1, 0, &md->c_str, 0};
    o[i++] = (cli_opt){"omega", CLI_DOUBLE, &md->omega, "W", "spectrum base Omega > 1 (Eq. 19) [1.57]", NULL, 1, 0, &md->omega_str, 0};
    o[i++] = (cli_opt){"form", CLI_CHOICE, &ch->form, NULL,
        "Thm 2 form: exact (from the model), printed (Eq. 10), eq5 (p + mb controlled) [exact]",
        "exact|printed|eq5", 1, 0, NULL, 0};
    return i;
}

int cli_model_finish(const char *cmd, model_desc *md, const cli_model_choices *ch)
{
    md->arch = ch->arch == 1 ? MODEL_MODULAR : MODEL_MONO;
    md->form = (model_form)ch->form;
    if (md->n == 0) return cli_error(cmd, CLI_EUSAGE, "--n: required (number of training samples)");
    if (md->p == 0) return cli_error(cmd, CLI_EUSAGE, "--p: required (number of parameters)");
    if (model_validate(md)) return cli_fail(cmd, MODLAW_EINVAL);
    return CLI_OK;
}
