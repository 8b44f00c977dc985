# fit_volume.gp — tiersim fit's first diagnostic: the orders paid each day of
# the export (points) against the fitted volume's mean (line) and the 90% range
# of a day's count under the fitted negative binomial (band).
# Written by tiersim from plots/fit_volume.gp; edit the settings, then run: gnuplot fit_volume.gp

# ---- settings (written by tiersim; change freely) ----
{{SETTINGS}}
# ---- style ----
set encoding utf8
set datafile missing 'NaN'
set title title_text . "\n" . subtitle_text
set xlabel xlabel_text
set ylabel ylabel_text
set xrange [x_first:x_last]
set yrange [0:y_max]
set xtics time format xtic_format out nomirror
set ytics out nomirror
set border 3 lw 1.2
set grid ytics lt 1 lw 1 lc rgb '#e5e5e5'
set key outside below center horizontal samplen 2.5 spacing 1.1 width 2
set tmargin 5
set rmargin 4
{{DECOR}}
do for [fmt in "png svg"] {
    if (fmt eq "png") {
        set terminal pngcairo size width, height font font_spec noenhanced
    } else {
        set terminal svg size width, height font font_spec noenhanced background rgb "white"
    }
    set output out_name . "." . fmt
    plot data_file using (timecolumn(1, '%Y-%m-%d')):4:5 with filledcurves fs solid 1.0 noborder lc rgb band_color title range_text, \
         '' using (timecolumn(1, '%Y-%m-%d')):3 with lines lw 2 lc rgb fitted_color title mean_text, \
         '' using (timecolumn(1, '%Y-%m-%d')):2 with points pt 7 ps 0.9 lc rgb point_color title observed_text
    unset output
}
