# fig4a.gp -- seed 003 Fig. 4a (scaled): log2 samples needed (Alg. 2) vs the
# input dimension m for monolithic (0), modular (1) and ours (2): points =
# mean +- s.e. over seeds; lines = theory_samples at the paper's fit.
# Input: dir/mlp-samples.tsv (columns m method theory sim_mean sim_se ...).
if (!exists("dir")) dir = "paper_figs/out/mlp"
set terminal pngcairo size 900,600 font ",11"
set output dir."/fig4a.png"
set datafile separator "\t"
set datafile commentschars "#"
set xlabel "input dimension m (= k)"
set ylabel "log2 samples needed"
set offsets 0.2, 0.2, 0, 0
set key left top
set title "Fig. 4a (scaled): samples to reach test loss 1.0 (Alg. 2)"
# rows with column col == v (so each method is one connected line)
sel_rows(file, col, v) = sprintf("< awk -F'\t' '!/^#/ && $%d == %d' %s", col, v, file)
f = dir."/mlp-samples.tsv"
names = "monolithic modular ours"
plot for [i=0:2] sel_rows(f, 2, i) using 1:3 with lines lw 2 lc i+1 dt 2 title word(names, i+1)." theory", \
     for [i=0:2] f every ::1 using ($2==i ? $1 : 1/0):4:5 with yerrorbars pt 7 lc i+1 title word(names, i+1)
