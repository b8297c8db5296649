# heldout.gp -- held-out compositional error vs r, k1, k2 for dense / output-
# split / split: theory (lines) vs GD (points); identity share vs r.
# Data: paper_figs/out/dynamics/held_{r,k1,k2}.tsv (rows of bin/modlaw sim dynamics --summary).
if (!exists("dir")) dir = 'paper_figs/out/dynamics'
set datafile separator "\t"
archs = "dense outsplit split"
do for [fmt in "png pdf"] {
  if (fmt eq "png") { set terminal pngcairo size 1600,450 noenhanced; set output dir.'/dyn-heldout.png.tmp' }
  if (fmt eq "pdf") { set terminal pdfcairo size 14in,4in noenhanced; set output dir.'/dyn-heldout.pdf.tmp' }
  set multiplot layout 1,4 title "Held-out combinations (n1=4, n2=2, 4 of 16 patterns held out): theory lines, two-layer GD points (dense and output-split coincide; split: 0, plotted at 1e-12)"
  set grid
  set key top left
  set logscale y
  set format y "%.0e"
  set ylabel "mean held-out compositional error"
  set yrange [1e-12:2]
  set title "vs r (k1 = k2 = 1)"; set xlabel "r"; set logscale x
  plot for [a=1:3] dir.'/held_r.tsv' using 5:(strcol(6) eq word(archs,a) ? ($16 > 1e-12 ? $16 : 1e-12) : NaN) with lines lc a title word(archs,a).' theory', \
       for [a=1:3] dir.'/held_r.tsv' using 5:(strcol(6) eq word(archs,a) ? ($15 > 1e-12 ? $15 : 1e-12) : NaN) with points pt 7 lc a title word(archs,a).' GD'
  unset logscale x
  set title "vs k1 (r = 1, k2 = 1)"; set xlabel "k1"
  plot for [a=1:3] dir.'/held_k1.tsv' using 3:(strcol(6) eq word(archs,a) ? ($16 > 1e-12 ? $16 : 1e-12) : NaN) with lines lc a notitle, \
       for [a=1:3] dir.'/held_k1.tsv' using 3:(strcol(6) eq word(archs,a) ? ($15 > 1e-12 ? $15 : 1e-12) : NaN) with points pt 7 lc a notitle
  set title "vs k2 (r = 1, k1 = 1)"; set xlabel "k2"
  plot for [a=1:3] dir.'/held_k2.tsv' using 4:(strcol(6) eq word(archs,a) ? ($16 > 1e-12 ? $16 : 1e-12) : NaN) with lines lc a notitle, \
       for [a=1:3] dir.'/held_k2.tsv' using 4:(strcol(6) eq word(archs,a) ? ($15 > 1e-12 ? $15 : 1e-12) : NaN) with points pt 7 lc a notitle
  unset logscale y; set format y "%g"; set yrange [-0.02:1]
  set title "identity share (all patterns, n1=3)"; set xlabel "r"; set logscale x
  set ylabel "share"
  plot for [a=1:3] dir.'/share_r.tsv' using 5:(strcol(6) eq word(archs,a) ? $11 : NaN) with lines lc a title word(archs,a).' k1r^2/(N+k1r^2)', \
       for [a=1:3] dir.'/share_r.tsv' using 5:(strcol(6) eq word(archs,a) ? $10 : NaN) with points pt 7 lc a notitle
  unset logscale x
  unset multiplot
  unset output
}
system('mv '.dir.'/dyn-heldout.png.tmp '.dir.'/dyn-heldout.png; mv '.dir.'/dyn-heldout.pdf.tmp '.dir.'/dyn-heldout.pdf')
