# fig10.gp -- seed 003 Fig. 10 (scaled): test loss vs the number of
# architectural modules K for random projections (1) and ours (2).
# Input: dir/mlp-modules.tsv (columns modules method theory sim_mean sim_se ...).
if (!exists("dir")) dir = "paper_figs/out/mlp"
set terminal pngcairo size 900,600 font ",11"
set output dir."/fig10.png"
set datafile separator "\t"
set datafile commentschars "#"
set logscale x
set xlabel "architectural modules K"
set ylabel "test MSE"
set title "Fig. 10 (scaled): number of modules (dashed: loss of predicting 0)"
# rows with column col == v (so each method is one connected line)
sel_rows(file, col, v) = sprintf("< awk -F'\t' '!/^#/ && $%d == %d' %s", col, v, file)
f = dir."/mlp-modules.tsv"
plot f every ::1 using 1:3 with lines dt 2 lc 0 title "E y^2", \
     f every ::1 using ($2==1 ? $1 : 1/0):4:5 with yerrorbars pt 7 lc 1 title "modular (random)", \
     sel_rows(f, 2, 1) using 1:4 with lines lc 1 notitle, \
     f every ::1 using ($2==2 ? $1 : 1/0):4:5 with yerrorbars pt 5 lc 2 title "ours", \
     sel_rows(f, 2, 2) using 1:4 with lines lc 2 notitle
