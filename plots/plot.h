/* plot.h -- gnuplot figures drawn from data files only.
 *
 * Every figure is a gnuplot script <prefix>.gp written next to its data, run
 * once to make <prefix>.png and <prefix>.pdf (each written under a temporary
 * name and renamed, so a figure is never half-written).  The script stays, so
 * a figure can be restyled and redrawn with `gnuplot <prefix>.gp` without
 * recomputing anything.
 */
#ifndef MODLAW_PLOT_H
#define MODLAW_PLOT_H

typedef enum { PLOT_CURVES = 0, PLOT_HEATMAP = 1 } plot_kind;

typedef struct {
    plot_kind kind;
    const char *tsv;          /* data file (TSV, '#' comments, header line)     */
    const char *out_prefix;   /* writes <prefix>.gp, .png, .pdf                 */
    const char *title;
    const char *xlabel, *ylabel;
    /* 1-based columns.  CURVES: theory as lines, mean +- se as points with
     * error bars, one colour per distinct value of series_col (0: none).
     * HEATMAP: theory_col over (xcol, series_col) as a colour map; the
     * data rows must be grouped in blocks of equal xcol. */
    int xcol, theory_col, mean_col, se_col, series_col;
    const char *series_name;  /* legend prefix, e.g. "p"                       */
    const double *series;     /* distinct series values                        */
    int nseries;
    int logx, logy;
} plot_spec;

/* Write the script and run gnuplot.  Returns MODLAW_OK, MODLAW_EIO if a file
 * cannot be written or gnuplot fails (message set). */
int plot_draw(const plot_spec *s);

#endif
