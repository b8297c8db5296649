/* plot_draw.c -- gnuplot scripts for theory-vs-simulation figures. */
#include "plot.h"
#include "modlaw.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void write_header(FILE *f, const plot_spec *s)
{
    fprintf(f, "# gnuplot script written by modlaw; data: %s\n", s->tsv);
    fprintf(f, "# redraw with: gnuplot %s.gp\n", s->out_prefix);
    fprintf(f, "set datafile separator '\\t'\n");
    fprintf(f, "set title \"%s\" noenhanced\n", s->title ? s->title : "");
    fprintf(f, "set xlabel \"%s\" noenhanced\nset ylabel \"%s\" noenhanced\n",
            s->xlabel ? s->xlabel : "", s->ylabel ? s->ylabel : "");
    if (s->logx) fprintf(f, "set logscale x\n");
    if (s->logy && s->kind != PLOT_HEATMAP) fprintf(f, "set logscale y\n");
    fprintf(f, "set key outside right top noenhanced\nset grid\n");
}

static void write_curves(FILE *f, const plot_spec *s)
{
    int n = s->series_col > 0 ? s->nseries : 1;
    fprintf(f, "plot \\\n");
    for (int i = 0; i < n; i++) {
        char filt[128];
        char label[64];
        if (s->series_col > 0) {
            snprintf(filt, sizeof filt, "(abs($%d-%.17g)<1e-9*(1+abs(%.17g)) ? $%d : 1/0)",
                     s->series_col, s->series[i], s->series[i], s->xcol);
            snprintf(label, sizeof label, "%s = %g", s->series_name ? s->series_name : "", s->series[i]);
        } else {
            snprintf(filt, sizeof filt, "($%d)", s->xcol);
            label[0] = '\0';
        }
        fprintf(f, "  '%s' using %s:%d with lines lw 2 lc %d title \"theory %s\", \\\n",
                s->tsv, filt, s->theory_col, i + 1, label);
        fprintf(f, "  '%s' using %s:%d:%d with yerrorbars pt 7 ps 0.6 lc %d title \"simulation %s\"%s\n",
                s->tsv, filt, s->mean_col, s->se_col, i + 1, label, i + 1 < n ? ", \\" : "");
    }
}

static void write_heatmap(FILE *f, const plot_spec *s)
{
    /* one filled square per grid point, coloured by the theory value; +inf
     * (the interpolation band) is skipped by gnuplot and stays white */
    fprintf(f, "unset key\n%sset cblabel \"%s\" noenhanced\n",
            s->logy ? "set logscale cb\n" : "", s->ylabel ? s->ylabel : "");
    fprintf(f, "set ylabel \"%s\" noenhanced\nset size ratio -1\n",
            s->series_name ? s->series_name : "");
    fprintf(f, "plot '%s' using %d:%d:%d with points pt 5 ps 2.2 palette\n",
            s->tsv, s->xcol, s->series_col, s->theory_col);
}

int plot_draw(const plot_spec *s)
{
    char gp[4096], png[4096], pdf[4096];
    /* paths go inside single quotes in the script and the shell command */
    if (strchr(s->out_prefix, '\'') || strchr(s->tsv, '\''))
        return modlaw_fail(MODLAW_EINVAL, "--out: the path must not contain a single quote (')");
    if (snprintf(gp, sizeof gp, "%s.gp", s->out_prefix) >= (int)sizeof gp)
        return modlaw_fail(MODLAW_EINVAL, "--out: path too long");
    snprintf(png, sizeof png, "%s.png", s->out_prefix);
    snprintf(pdf, sizeof pdf, "%s.pdf", s->out_prefix);
    modlaw_file *mf;
    int rc = modlaw_file_open(&mf, gp);
    if (rc) return rc;
    FILE *f = modlaw_file_stream(mf);
    write_header(f, s);
    /* write to temporary names; the caller-visible files appear by rename */
    fprintf(f, "set terminal pngcairo size 900,600 noenhanced\nset output '%s.tmp'\n", png);
    if (s->kind == PLOT_HEATMAP) write_heatmap(f, s); else write_curves(f, s);
    fprintf(f, "set terminal pdfcairo size 6in,4in noenhanced\nset output '%s.tmp'\nreplot\nunset output\n", pdf);
    rc = modlaw_file_commit(mf);
    if (rc) return rc;
    char cmd[8192];
    snprintf(cmd, sizeof cmd, "gnuplot '%s' 2>'%s.log'", gp, s->out_prefix);
    int st = system(cmd);
    char tmp[4200];
    if (st != 0) {
        snprintf(tmp, sizeof tmp, "%s.tmp", png); remove(tmp);
        snprintf(tmp, sizeof tmp, "%s.tmp", pdf); remove(tmp);
        return modlaw_fail(MODLAW_EIO, "gnuplot failed on %s (see %s.log)", gp, s->out_prefix);
    }
    snprintf(tmp, sizeof tmp, "%s.tmp", png);
    if (rename(tmp, png) != 0) return modlaw_fail(MODLAW_EIO, "%s: cannot rename", png);
    snprintf(tmp, sizeof tmp, "%s.tmp", pdf);
    if (rename(tmp, pdf) != 0) return modlaw_fail(MODLAW_EIO, "%s: cannot rename", pdf);
    snprintf(tmp, sizeof tmp, "%s.log", s->out_prefix);
    remove(tmp); /* gnuplot's warnings are kept only on failure */
    return MODLAW_OK;
}
