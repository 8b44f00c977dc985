# solve.gp — tiersim's solve chart: the goal's measure at every tried value
# of the parameter with its 95% interval (green: the goal holds, red: it
# fails, grey: within noise), the goal line (dashed) and the answer (dotted).
# Written by tiersim from plots/solve.gp; edit the settings, then run: gnuplot solve.gp

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
set key outside below center horizontal
set offsets graph 0.03, graph 0.03, graph 0.08, graph 0.08
set arrow from graph 0, first goal_level to graph 1, first goal_level nohead dt 2 lw 1.5 lc rgb '#333333'
set label goal_text at graph 0.01, first goal_level offset 0, char 0.7 tc rgb '#333333'
{{DECOR}}
do for [fmt in "png svg"] {
    if (fmt eq "png") {
        set terminal pngcairo size width, height font font_spec noenhanced
    } else {
        set terminal svg size width, height font font_spec noenhanced background rgb "white"
    }
    set output out_name . "." . fmt
    plot data_file using 1:2 with lines lw 1 lc rgb '#bbbbbb' notitle, \
         '' using 1:($5 == 1 ? $2 : NaN):3:4 with yerrorbars pt 7 ps 1.3 lw 1.5 lc rgb '#1a9850' title holds_text, \
         '' using 1:($5 == 0 ? $2 : NaN):3:4 with yerrorbars pt 7 ps 1.3 lw 1.5 lc rgb '#d73027' title fails_text, \
         '' using 1:($5 == 2 ? $2 : NaN):3:4 with yerrorbars pt 6 ps 1.3 lw 1.5 lc rgb '#777777' title noise_text
    unset output
}
