# spider.gp — tiersim's spider chart (tiersim sensitivity): one measure at
# five values of each leading parameter, against the parameter's change from
# its base value in percent; the dashed line is the base.
# Written by tiersim from plots/spider.gp; edit the settings, then run: gnuplot spider.gp

# ---- settings (written by tiersim; change freely) ----
{{SETTINGS}}
# ---- style ----
set encoding utf8
set datafile missing 'NaN'
set title title_text
set xlabel xlabel_text
set ylabel ylabel_text
set xtics out nomirror
set ytics out nomirror
set border 3 lw 1.2
set grid xtics ytics lt 1 lw 1 lc rgb '#e5e5e5'
set key outside right top vertical
set offsets graph 0.03, graph 0.03, graph 0.08, graph 0.08
set arrow from graph 0, first base_level to graph 1, first base_level nohead dt 2 lw 1.2 lc rgb '#555555'
{{DECOR}}
do for [fmt in "png svg"] {
    if (fmt eq "png") {
        set terminal pngcairo size width, height font font_spec noenhanced
    } else {
        set terminal svg size width, height font font_spec noenhanced background rgb "white"
    }
    set output out_name . "." . fmt
    plot for [i=1:n_lines] data_file index (i-1) using 1:2 with linespoints lw 2 pt 7 ps 1.1 \
         lc rgb colors[i] title names[i]
    unset output
}
