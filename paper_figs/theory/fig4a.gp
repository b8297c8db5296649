# fig4a.gp -- theory line of seed 003 Fig. 4a: samples needed for test loss
# 1.2 vs input dimension m, monolithic vs modular (Thm 2 exact and printed
# forms), p' = 1153 (width 32, 3 layers), p = 0.85 p'.
# Data: dir/fig4a.tsv from `modlaw theory samples`.
if (!exists("dir")) dir = 'paper_figs/out/theory'
set datafile separator "\t"
set datafile commentschars "#"
set datafile columnheaders
pick(a, f) = ((strcol("arch") eq a && strcol("form") eq f) ? 1 : NaN)
do for [fmt in "png pdf"] {
  if (fmt eq "png") { set terminal pngcairo size 800,600 noenhanced; set output dir.'/fig4a.png.tmp' }
  if (fmt eq "pdf") { set terminal pdfcairo size 7in,5.2in noenhanced; set output dir.'/fig4a.pdf.tmp' }
  set title "Seed 003 Fig. 4a (theory): samples needed for test loss 1.2, p = 0.85 x 1153"
  set xlabel "m (input dimension)"
  set ylabel "n needed"
  set logscale y
  set grid
  set key top left
  plot dir.'/fig4a.tsv' using "m":(column("n_needed")*pick("mono","exact")) with linespoints lw 2 pt 7 title "monolithic (Thm 1)", \
       dir.'/fig4a.tsv' using "m":(column("n_needed")*pick("modular","exact")) with linespoints lw 2 pt 5 title "modular, Thm 2 exact form", \
       dir.'/fig4a.tsv' using "m":(column("n_needed")*pick("modular","printed")) with linespoints lw 2 dt 2 pt 4 title "modular, Eq. 10 as printed"
  set output
}
system(sprintf("mv '%s/fig4a.png.tmp' '%s/fig4a.png' && mv '%s/fig4a.pdf.tmp' '%s/fig4a.pdf'", dir, dir, dir, dir))
