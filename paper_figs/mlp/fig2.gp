# fig2.gp -- seed 003 Fig. 2 (scaled): train/test loss of trained monolithic
# MLPs vs n (points, mean +- s.e. over seeds) and Thm 1 at the fitted
# (c, Omega, alpha) (lines).  Input: dir/mlp-fig2.tsv (modlaw verify).
# Columns: n kind width theory sim_mean sim_se ...
if (!exists("dir")) dir = "paper_figs/out/mlp"
set terminal pngcairo size 900,600 font ",11"
set output dir."/fig2.png"
set datafile separator "\t"
set datafile commentschars "#"
set key autotitle columnhead
set logscale xy
set xlabel "training points n"
set ylabel "MSE"
set title "Fig. 2 (scaled): trained MLPs (points) vs Thm 1 fitted (lines); sine task, k = m = 3"
f = dir."/mlp-fig2.tsv"
plot f every ::1 using ($2==0 ? $1 : 1/0):4 with lines lw 2 lc 1 title "theory train", \
     f every ::1 using ($2==1 ? $1 : 1/0):4 with lines lw 2 lc 2 dt 2 title "theory test", \
     f every ::1 using ($2==0 ? $1 : 1/0):5:6 with yerrorbars pt 7 lc 1 title "MLP train", \
     f every ::1 using ($2==1 ? $1 : 1/0):5:6 with yerrorbars pt 5 lc 2 title "MLP test"
