# modes.gp -- mode strengths over time: theory (dashed) vs GD (solid: balanced
# init; points: random init), dense / output-split / split, two layers.
# Data: paper_figs/out/dynamics/{th,sim,simr}_<arch>.tsv from bin/modlaw.
# Usage: gnuplot -e "dir='paper_figs/out/dynamics'" paper_figs/dynamics/modes.gp
if (!exists("dir")) dir = 'paper_figs/out/dynamics'
set datafile separator "\t"
set datafile commentschars "#"
archs = "dense outsplit split"
titles = "dense output-split split"
labels_dense = "s1 s2 s3"
labels_split = "c1 i1 i2 i3"
do for [fmt in "png pdf"] {
  if (fmt eq "png") { set terminal pngcairo size 1500,500 noenhanced; set output dir.'/dyn-modes.png.tmp' }
  if (fmt eq "pdf") { set terminal pdfcairo size 12in,4in noenhanced; set output dir.'/dyn-modes.pdf.tmp' }
  set multiplot layout 1,3 title "Mode strength u^T W(t) v: closed form (coloured dashed) vs full-batch GD (thin black: balanced init; points: random init), n1=3 n2=2 k1=k2=1 r=1"
  set xlabel "t / tau"
  set ylabel "mode strength"
  set key bottom right
  set grid
  do for [a=1:3] {
    arch = word(archs, a)
    labs = (a == 1) ? labels_dense : labels_split
    set title word(titles, a)
    # rows are t-major, one per group; the header line counts as point 0
    ng = words(labs)
    plot for [i=1:ng] dir.'/th_'.arch.'.tsv' every ng::i using 4:3 with lines dt 2 lw 3 lc i title word(labs,i).' theory', \
         for [i=1:ng] dir.'/sim_'.arch.'.tsv' every ng::i using 4:3 with lines lw 1 lc rgb 'black' notitle, \
         for [i=1:ng] dir.'/simr_'.arch.'.tsv' every (5*ng)::i using 4:3 with points pt 7 ps 0.5 lc i notitle
  }
  unset multiplot
  unset output
}
system('mv '.dir.'/dyn-modes.png.tmp '.dir.'/dyn-modes.png; mv '.dir.'/dyn-modes.pdf.tmp '.dir.'/dyn-modes.pdf')
