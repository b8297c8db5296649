# blocks.gp -- Frobenius norms of the Omega_y rows' blocks over training and
# their ratio vs sqrt(k1 r^2 / N) (spec Sec. 4).
# Data: paper_figs/out/dynamics/blk{,r}_<arch>.tsv (bin/modlaw sim dynamics --blocks).
if (!exists("dir")) dir = 'paper_figs/out/dynamics'
set datafile separator "\t"
archs = "dense outsplit split"
do for [fmt in "png pdf"] {
  if (fmt eq "png") { set terminal pngcairo size 1200,500 noenhanced; set output dir.'/dyn-blocks.png.tmp' }
  if (fmt eq "pdf") { set terminal pdfcairo size 10in,4in noenhanced; set output dir.'/dyn-blocks.pdf.tmp' }
  set multiplot layout 1,2 title "Compositional output rows: ||Omega_x -> Omega_y|| and ||Gamma_x -> Omega_y|| (n1=3 n2=2 k1=2 k2=1 r=1; solid balanced, dashed random init)"
  set xlabel "step"
  set ylabel "Frobenius norm"
  set key top left
  set grid
  set title "block norms"
  plot for [a=1:3] dir.'/blk_'.word(archs,a).'.tsv' using 1:2 every ::1 with lines lw 2 lc a title word(archs,a).' Omega_x block', \
       for [a=1:3] dir.'/blk_'.word(archs,a).'.tsv' using 1:3 every ::1 with lines lw 2 dt 3 lc a title word(archs,a).' Gamma_x block', \
       for [a=1:3] dir.'/blkr_'.word(archs,a).'.tsv' using 1:2 every ::1 with lines lw 1 dt 2 lc a notitle
  set title "ratio ||Gamma_x block|| / ||Omega_x block||"
  set ylabel "ratio"
  set key bottom right
  set yrange [-0.05:1.0]
  plot for [a=1:3] dir.'/blk_'.word(archs,a).'.tsv' using 1:4 every ::1 with lines lw 2 lc a title word(archs,a).' balanced', \
       for [a=1:3] dir.'/blkr_'.word(archs,a).'.tsv' using 1:4 every ::1 with lines lw 1 dt 2 lc a title word(archs,a).' random', \
       sqrt(2.0/8.0) with lines lc rgb 'black' dt 4 title 'sqrt(k1 r^2/N)'
  unset multiplot
  unset output
}
system('mv '.dir.'/dyn-blocks.png.tmp '.dir.'/dyn-blocks.png; mv '.dir.'/dyn-blocks.pdf.tmp '.dir.'/dyn-blocks.pdf')
