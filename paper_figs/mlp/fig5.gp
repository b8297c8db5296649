# fig5.gp -- seed 003 Fig. 5 (scaled): similarity score of Alg. 1 projections
# vs Alg. 1 iteration (mean +- s.e. over seeds x modules); dashed: the score
# at initialisation.  Input: dir/mlp-similarity.tsv.
if (!exists("dir")) dir = "paper_figs/out/mlp"
set terminal pngcairo size 900,600 font ",11"
set output dir."/fig5.png"
set datafile separator "\t"
set datafile commentschars "#"
set xlabel "Alg. 1 iteration"
set ylabel "similarity score (mean max |cos|)"
set yrange [0:1]
set title "Fig. 5 (scaled): learned vs true module directions, sine task k = m = 5"
f = dir."/mlp-similarity.tsv"
plot f every ::1 using 1:2 with lines dt 2 lc 0 title "at initialisation", \
     f every ::1 using 1:3:4 with yerrorlines pt 7 lc 1 title "Alg. 1"
