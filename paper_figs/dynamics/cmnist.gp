# cmnist.gp -- CMNIST per-digit test accuracy per epoch, dense vs split, on
# composites of trained triples (new images) and of held-out triples.
# Data: paper_figs/out/dynamics/cmnist.tsv (rows of bin/modlaw sim cmnist).
if (!exists("dir")) dir = 'paper_figs/out/dynamics'
set datafile separator "\t"
archs = "dense split"
do for [fmt in "png pdf"] {
  if (fmt eq "png") { set terminal pngcairo size 900,500 noenhanced; set output dir.'/cmnist.png.tmp' }
  if (fmt eq "pdf") { set terminal pdfcairo size 7in,4in noenhanced; set output dir.'/cmnist.pdf.tmp' }
  set title "CMNIST (scaled down; Fashion-MNIST images): per-digit test accuracy"
  set xlabel "epoch"
  set ylabel "accuracy"
  set yrange [0:1]
  set grid
  set key top left
  plot for [a=1:2] dir.'/cmnist.tsv' using 1:(strcol(2) eq word(archs,a) ? $5 : NaN) with linespoints lw 2 lc a title word(archs,a).' seen triples', \
       for [a=1:2] dir.'/cmnist.tsv' using 1:(strcol(2) eq word(archs,a) ? $7 : NaN) with linespoints lw 2 dt 2 lc a title word(archs,a).' held-out triples', \
       0.1 with lines lc rgb 'gray' dt 3 title 'chance'
  unset output
}
system('mv '.dir.'/cmnist.png.tmp '.dir.'/cmnist.png; mv '.dir.'/cmnist.pdf.tmp '.dir.'/cmnist.pdf')
