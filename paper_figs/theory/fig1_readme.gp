# fig1_readme.gp -- small PNG of the Fig. 1 test-loss plane for the README.
if (!exists("dir")) dir = 'paper_figs/out/theory'
if (!exists("readme")) readme = 'docs/img/fig1_test.png'
set datafile separator "\t"
set datafile commentschars "#"
set datafile columnheaders
cap(x) = (x > 10.0 ? 10.0 : (x < 1e-3 ? 1e-3 : x))
set terminal pngcairo size 480,400 noenhanced font ",9"
set output readme.'.tmp'
set view map
set xlabel "n"
set ylabel "p"
set logscale cb
set cbrange [1e-2:10]
set palette rgb 33,13,10
set title "Thm 1 test loss (d=1, m=1); inf on |n-p| <= 1"
splot dir.'/fig1.tsv' using "n":"p":(cap(column("test"))) with pm3d notitle
set output
system(sprintf("mv '%s.tmp' '%s'", readme, readme))
