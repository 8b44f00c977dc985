# distribution.gp — tiersim's chart of the headline metric on each
# evaluation day: 5–95% range (whiskers), median (box) and mean (diamond)
# per variant, with the tier thresholds. (Drawn when the per-replication
# values were not available; a histogram is drawn when they are.)
# Written by tiersim from plots/distribution_pct.gp; edit, then run: gnuplot distribution.gp

# ---- settings (written by tiersim; change freely) ----
{{SETTINGS}}
# ---- style ----
set encoding utf8
set datafile missing 'NaN'
set title title_text
set xlabel xlabel_text
set ylabel metric_text
set xrange [-0.7:x_max + 0.7]
set yrange [y_min:y_max]
set xtics nomirror scale 0
set ytics out nomirror
set border 3 lw 1.2
set grid ytics lt 1 lw 1 lc rgb '#e5e5e5'
set key outside below center horizontal samplen 2
set bars 2
{{DECOR}}
do for [fmt in "png svg"] {
    if (fmt eq "png") {
        set terminal pngcairo size width, height font font_spec noenhanced
    } else {
        set terminal svg size width, height font font_spec noenhanced background rgb "white"
    }
    set output out_name . "." . fmt
    plot data_file using 1:6:5:7:xtic(2) with yerrorbars pt 5 ps 1.6 lw 2 lc rgb color_1 title range_text, \
         '' using 1:4 with points pt 12 ps 2.2 lw 2 lc rgb '#D55E00' title mean_text
    unset output
}
