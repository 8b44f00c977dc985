# reply_daily.gp — tiersim's daily share of conversations answered within 3 minutes, in the
# fan-chart style: per variant with a team the mean and the 5–95% band of the replications.
# Written by tiersim from plots/reply_daily.gp; edit the settings, then run: gnuplot reply_daily.gp

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

# ---- peaks (written by tiersim) ----
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
