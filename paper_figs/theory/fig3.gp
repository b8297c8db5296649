# fig3.gp -- seed 003 Fig. 3: input dimension m vs the samples n needed for
# expected test loss <= 1.2 (n_needed: the loss stays below eps from n on),
# one line per architecture (width x layers; p = 0.85 p', p' counted with
# input 1).  Data: dir/fig3.tsv from `modlaw theory samples`.
if (!exists("dir")) dir = 'paper_figs/out/theory'
set datafile separator "\t"
set datafile commentschars "#"
set datafile columnheaders
do for [fmt in "png pdf"] {
  if (fmt eq "png") { set terminal pngcairo size 800,600 noenhanced; set output dir.'/fig3.png.tmp' }
  if (fmt eq "pdf") { set terminal pdfcairo size 7in,5.2in noenhanced; set output dir.'/fig3.pdf.tmp' }
  set title "Seed 003 Fig. 3 (theory): n needed for test loss 1.2 vs m"
  set xlabel "n needed (log)"
  set ylabel "m (task input dimension)"
  set logscale x
  set grid
  set key outside right
  # 9 architectures x 9 values of m, in file order
  plot for [i=0:8] dir.'/fig3.tsv' every ::(9*i)::(9*i+8) using "n_needed":"m" with linespoints pt 7 \
       title sprintf("w=%s L=%s", word("8 8 8 32 32 32 128 128 128", i+1), word("3 5 7 3 5 7 3 5 7", i+1))
  set output
}
system(sprintf("mv '%s/fig3.png.tmp' '%s/fig3.png' && mv '%s/fig3.pdf.tmp' '%s/fig3.pdf'", dir, dir, dir, dir))
