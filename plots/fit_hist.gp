# fit_hist.gp — a tiersim fit diagnostic histogram (fit_feedback, fit_stars):
# the counts observed in the export (bars) against the counts the fitted law
# expects (points; for delays, under the export's censoring).
# Written by tiersim from plots/fit_hist.gp; edit the settings, then run: gnuplot NAME.gp

# ---- settings (written by tiersim; change freely) ----
{{SETTINGS}}
# ---- style ----
set encoding utf8
set datafile missing 'NaN'
set title title_text . "\n" . subtitle_text
set xlabel xlabel_text
set ylabel ylabel_text
set xrange [x_min:x_max]
set yrange [0:y_max]
set xtics out nomirror
set ytics out nomirror
set border 3 lw 1.2
set grid ytics lt 1 lw 1 lc rgb '#e5e5e5'
set key inside top right samplen 2.5 opaque box lc rgb '#cccccc'
set style fill solid 0.6 noborder
set tmargin 5
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
