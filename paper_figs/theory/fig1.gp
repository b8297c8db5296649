# fig1.gp -- seed 003 Fig. 1: expected train and test loss (Thm 1, d = 1,
# c = 1.15, Omega = 1.57, m = 1) over the (n, p) plane.  Test is +inf on the
# band |n - p| <= 1 (docs/F.md); the colour scale is clipped at 10.
# Data: dir/fig1.tsv from `modlaw theory grid`.
if (!exists("dir")) dir = 'paper_figs/out/theory'
set datafile separator "\t"
set datafile commentschars "#"
set datafile columnheaders
cap(x) = (x > 10.0 ? 10.0 : (x < 1e-3 ? 1e-3 : x))
do for [fmt in "png pdf"] {
  if (fmt eq "png") { set terminal pngcairo size 1200,520 noenhanced; set output dir.'/fig1.png.tmp' }
  if (fmt eq "pdf") { set terminal pdfcairo size 10in,4.3in noenhanced; set output dir.'/fig1.pdf.tmp' }
  set multiplot layout 1,2 title "Seed 003 Fig. 1 (theory, Thm 1): d=1, m=1, c=1.15, Omega=1.57"
  set view map
  set xlabel "n (training samples)"
  set ylabel "p (parameters)"
  set logscale cb
  set cbrange [1e-3:10]
  set palette rgb 33,13,10
  set title "train loss (0 for p >= n)"
  splot dir.'/fig1.tsv' using "n":"p":(cap(column("train"))) with pm3d notitle
  set title "test loss (inf on |n-p| <= 1, clipped at 10)"
  splot dir.'/fig1.tsv' using "n":"p":(cap(column("test"))) with pm3d notitle
  unset multiplot
  set output
}
system(sprintf("mv '%s/fig1.png.tmp' '%s/fig1.png' && mv '%s/fig1.pdf.tmp' '%s/fig1.pdf'", dir, dir, dir, dir))
