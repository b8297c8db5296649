# effdim.gp -- App. A.1 of seed 003: the exact effective dimensionality over
# the paper's Omega^(2m), and its limit 1/sum log^2(1+1/i) = 1.02334.
# Data: dir/effdim.tsv from `modlaw theory effdim --prec 128`.
if (!exists("dir")) dir = 'paper_figs/out/theory'
set datafile separator "\t"
set datafile commentschars "#"
set datafile columnheaders
do for [fmt in "png pdf"] {
  if (fmt eq "png") { set terminal pngcairo size 800,560 noenhanced; set output dir.'/effdim.png.tmp' }
  if (fmt eq "pdf") { set terminal pdfcairo size 7in,5in noenhanced; set output dir.'/effdim.pdf.tmp' }
  set title "Effective dimensionality / Omega^(2m) (Omega = 1.57), exact (Arb, 128 bits)"
  set xlabel "m"
  set ylabel "ratio"
  set grid
  set key top right
  plot dir.'/effdim.tsv' using "m":"ratio" with linespoints lw 2 pt 7 title "(sum lambda)^2/sum lambda^2 / Omega^(2m)", \
       dir.'/effdim.tsv' using "m":"ratio_limit" with lines dt 2 lw 2 title "limit 1/sum log^2(1+1/i)", \
       1 with lines lc rgb "gray" title "paper: 1"
  set output
}
system(sprintf("mv '%s/effdim.png.tmp' '%s/effdim.png' && mv '%s/effdim.pdf.tmp' '%s/effdim.pdf'", dir, dir, dir, dir))
