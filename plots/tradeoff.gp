# tradeoff.gp — tiersim's trade-off chart: each variant's mean gift cost over
# the horizon against its probability of the best tier some variant reaches
# (that tier or a better one) on the last evaluation day, with the Wilson 95%
# interval; labels are moved apart (column 6) and joined to their point.
# Written by tiersim from plots/tradeoff.gp; edit the settings, then run: gnuplot tradeoff.gp

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
set xrange [x_min:x_max]
set yrange [y_min:y_max]
set key outside below center horizontal
set bars 1.5
{{DECOR}}
do for [fmt in "png svg"] {
    if (fmt eq "png") {
        set terminal pngcairo size width, height font font_spec noenhanced
    } else {
        set terminal svg size width, height font font_spec noenhanced background rgb "white"
    }
    set output out_name . "." . fmt
    plot data_file using 2:3:4:5 with yerrorbars pt 7 ps 1.6 lw 1.5 lc rgb '#0072B2' title legend_text, \
         '' using 2:3:(0):($6 - $3) with vectors nohead dt 3 lc rgb '#999999' notitle, \
         '' using 2:6:1 with labels left offset char 1.2, char 0 tc rgb '#222222' notitle
    unset output
}
