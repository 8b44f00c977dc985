# fan.gp — tiersim's daily fan chart: the headline metric as the seller's
# dashboard shows it each day, tier thresholds, evaluation days and peaks.
# Written by tiersim from plots/fan.gp; edit the settings, then run: gnuplot fan.gp

# ---- settings (written by tiersim; change freely) ----
{{SETTINGS}}
# ---- style ----
set encoding utf8
set datafile missing 'NaN'
set title title_text . "\n" . subtitle_text
set xlabel xlabel_text
set ylabel ylabel_text
set xrange [x_first:x_last]
set yrange [y_min:y_max]
set xtics time format xtic_format out nomirror
set ytics out nomirror
set mxtics 7
set border 3 lw 1.2
set grid ytics lt 1 lw 1 lc rgb '#e5e5e5'
set key outside below center horizontal samplen 2.5 spacing 1.1
set style fill transparent solid 0.22 noborder
set tmargin 5
set rmargin 4

# ---- thresholds, evaluation days, peaks (written by tiersim) ----
{{DECOR}}
do for [fmt in "png svg"] {
    if (fmt eq "png") {
        set terminal pngcairo size width, height font font_spec noenhanced
    } else {
        set terminal svg size width, height font font_spec noenhanced background rgb "white"
    }
    set output out_name . "." . fmt
{{PLOT}}    unset output
}
