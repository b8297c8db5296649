# fig2.gp -- seed 003 Fig. 2 (scaled): train/test loss of trained monolithic
# MLPs vs n (points, mean +- s.e. over seeds) and Thm 1 at the fitted
# (c, Omega, alpha) (lines).  Input: dir/mlp-fig2.tsv (modlaw verify).
# Columns: n kind width layers m theory sim_mean sim_se ...  Curves for
# layers = L (default 3), m = 3 and every width present.
if (!exists("dir")) dir = "paper_figs/out/mlp"
if (!exists("L")) L = 3
set terminal pngcairo size 900,600 font ",11"
set output dir."/fig2.png"
set datafile separator "\t"
set datafile commentschars "#"
set logscale xy
set xlabel "training points n"
set ylabel "MSE"
set title sprintf("Fig. 2 (scaled): trained MLPs (points) vs Thm 1 fitted (lines); sine task, k = m = 3, %d layers", L)
f = dir."/mlp-fig2.tsv"
widths = "8 32 128"
sel(kind, w) = ($2 == kind && $3 == w && $4 == L && $5 == 3) ? $1 : 1/0
plot for [i=1:3] f every ::1 using (sel(0, word(widths, i) + 0)):6 with lines lw 2 lc i dt 1 title "theory train, W ".word(widths, i), \
     for [i=1:3] f every ::1 using (sel(1, word(widths, i) + 0)):6 with lines lw 2 lc i dt 2 title "theory test, W ".word(widths, i), \
     for [i=1:3] f every ::1 using (sel(0, word(widths, i) + 0)):7:8 with yerrorbars pt 7 lc i title "MLP train, W ".word(widths, i), \
     for [i=1:3] f every ::1 using (sel(1, word(widths, i) + 0)):7:8 with yerrorbars pt 5 lc i title "MLP test, W ".word(widths, i)
