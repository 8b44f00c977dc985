# tornado.gp — tiersim's tornado chart (tiersim sensitivity): for each
# parameter, ranked from the top, the paired change of one measure when the
# parameter is at its low value (upper bar) and at its high value (lower
# bar), with the paired 95% interval of each change.
# Written by tiersim from plots/tornado.gp; edit the settings, then run: gnuplot tornado.gp

# ---- settings (written by tiersim; change freely) ----
{{SETTINGS}}
# ---- style ----
set encoding utf8
set datafile missing 'NaN'
set title title_text
set xlabel xlabel_text
set xtics out nomirror
set ytics out nomirror scale 0
set border 1 lw 1.2
set grid xtics lt 1 lw 1 lc rgb '#e5e5e5'
set xrange [x_min:x_max]
set yrange [0.4:n_rows + 0.6]
set key outside below center horizontal
set style fill solid 0.75 noborder
set arrow from 0, graph 0 to 0, graph 1 nohead lw 1.5 lc rgb '#444444' front
{{DECOR}}
do for [fmt in "png svg"] {
    if (fmt eq "png") {
        set terminal pngcairo size width, height font font_spec noenhanced
    } else {
        set terminal svg size width, height font font_spec noenhanced background rgb "white"
    }
    set output out_name . "." . fmt
    plot data_file using ($3/2):($1+0.19):(abs($3)/2):(0.17):ytic(2) with boxxyerror lc rgb low_color title low_text, \
         '' using ($6/2):($1-0.19):(abs($6)/2):(0.17) with boxxyerror lc rgb high_color title high_text, \
         '' using 3:($1+0.19):4:5 with xerrorbars pt 0 lw 1.2 lc rgb '#222222' notitle, \
         '' using 6:($1-0.19):7:8 with xerrorbars pt 0 lw 1.2 lc rgb '#222222' notitle
    unset output
}
