# fig2.gp -- theory curves of seed 003 Fig. 2: train (dashed) and test
# (solid) loss vs n, p, m and k.  c = 1.15, Omega = 1.57.
# Data: dir/fig2_{n,p,m,k}.tsv from `modlaw theory loss`.
if (!exists("dir")) dir = 'paper_figs/out/theory'
set datafile separator "\t"
set datafile commentschars "#"
set datafile columnheaders
sel(col, key, val) = (column(col) == val ? 1 : NaN)
isarch(a) = (strcol("arch") eq a ? 1 : NaN)
isform(f) = (strcol("form") eq f ? 1 : NaN)
capv(x) = (x > 5 ? 5 : x)
do for [fmt in "png pdf"] {
  if (fmt eq "png") { set terminal pngcairo size 1400,1000 noenhanced; set output dir.'/fig2.png.tmp' }
  if (fmt eq "pdf") { set terminal pdfcairo size 12in,8.5in noenhanced; set output dir.'/fig2.pdf.tmp' }
  set multiplot layout 2,2 title "Seed 003 Fig. 2, theory only: train (dashed) and test (solid) loss; c=1.15, Omega=1.57"
  set grid
  set key top right
  set title "vs n (mono, p = 850 = 0.85 x 1000)"
  set xlabel "n"; set ylabel "loss"; set logscale x; set yrange [0:2]
  plot for [m in "2 4 6 8"] dir.'/fig2_n.tsv' using "n":(capv(column("test"))*(column("m")==m+0 ? 1 : NaN)) with lines lw 2 lc (m/2) title "test m=".m, \
       for [m in "2 4 6 8"] dir.'/fig2_n.tsv' using "n":(column("train")*(column("m")==m+0 ? 1 : NaN)) with lines dt 2 lw 2 lc (m/2) title "train m=".m
  set title "vs p (mono, n = 10000)"
  set xlabel "p"
  plot for [m in "2 4 6 8"] dir.'/fig2_p.tsv' using "p":(capv(column("test"))*(column("m")==m+0 ? 1 : NaN)) with lines lw 2 lc (m/2) title "test m=".m, \
       for [m in "2 4 6 8"] dir.'/fig2_p.tsv' using "p":(column("train")*(column("m")==m+0 ? 1 : NaN)) with lines dt 2 lw 2 lc (m/2) title "train m=".m
  set title "vs m (p = 850): mono (lines) vs modular b=1 (points), n = 1e3, 1e4, 1e5"
  unset logscale x; set xlabel "m"; set yrange [0:*]
  set logscale y; set yrange [1e-3:5]
  plot for [n in "1000 10000 100000"] dir.'/fig2_m.tsv' using "m":(column("test")*isarch("mono")*(column("n")==n+0 ? 1 : NaN)) with lines lw 2 title "mono test n=".n, \
       for [n in "1000 10000 100000"] dir.'/fig2_m.tsv' using "m":(column("test")*isarch("modular")*(column("n")==n+0 ? 1 : NaN)) with linespoints pt 7 title "modular test n=".n
  unset logscale y
  set title "vs k (modular, n = 2000, p = 850, m = 4): k does not enter Thm 2"
  set xlabel "k"; set yrange [0:*]
  plot dir.'/fig2_k.tsv' using "k":(column("test")*isform("exact")) with linespoints lw 2 title "test, exact form", \
       dir.'/fig2_k.tsv' using "k":(column("test")*isform("printed")) with linespoints lw 2 dt 3 title "test, printed Eq. 10", \
       dir.'/fig2_k.tsv' using "k":(column("train")*isform("exact")) with linespoints dt 2 title "train, exact form"
  unset multiplot
  set output
}
system(sprintf("mv '%s/fig2.png.tmp' '%s/fig2.png' && mv '%s/fig2.pdf.tmp' '%s/fig2.pdf'", dir, dir, dir, dir))
