# fig9.gp -- seed 003 Fig. 9 (scaled): test loss vs k = m for true
# projections (3), Alg. 1 frozen (4), ours (2), random modular (1).
# Input: dir/mlp-ablation.tsv (columns k method theory sim_mean sim_se ...).
if (!exists("dir")) dir = "paper_figs/out/mlp"
set terminal pngcairo size 900,600 font ",11"
set output dir."/fig9.png"
set datafile separator "\t"
set datafile commentschars "#"
set xlabel "k = m"
set ylabel "test MSE"
set offsets 0.2, 0.2, 0, 0
set title "Fig. 9 (scaled): ablations of the module initialisation (dashed: loss of predicting 0)"
# rows with column col == v (so each method is one connected line)
sel_rows(file, col, v) = sprintf("< awk -F'\t' '!/^#/ && $%d == %d' %s", col, v, file)
f = dir."/mlp-ablation.tsv"
plot f every ::1 using 1:3 with lines dt 2 lc 0 title "E y^2", \
     f every ::1 using ($2==3 ? $1 : 1/0):4:5 with yerrorbars pt 7 lc 1 title "true", \
     sel_rows(f, 2, 3) using 1:4 with lines lc 1 notitle, \
     f every ::1 using ($2==4 ? $1 : 1/0):4:5 with yerrorbars pt 5 lc 2 title "ours, frozen", \
     sel_rows(f, 2, 4) using 1:4 with lines lc 2 notitle, \
     f every ::1 using ($2==2 ? $1 : 1/0):4:5 with yerrorbars pt 9 lc 3 title "ours", \
     sel_rows(f, 2, 2) using 1:4 with lines lc 3 notitle, \
     f every ::1 using ($2==1 ? $1 : 1/0):4:5 with yerrorbars pt 11 lc 4 title "modular (random)", \
     sel_rows(f, 2, 1) using 1:4 with lines lc 4 notitle
