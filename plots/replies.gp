# replies.gp — tiersim's customer-service chart of one variant, by hour of the week: the
# mean and 90th-percentile wait for the first response (top, log scale), conversations per
# hour and the slots on duty (bottom). Written by tiersim from plots/replies.gp; run: gnuplot replies.gp

# ---- settings (written by tiersim; change freely) ----
{{SETTINGS}}
# ---- style ----
set encoding utf8
set datafile missing 'NaN'
set xrange [0:168]
set grid xtics lt 1 lw 1 lc rgb '#e5e5e5'
set key inside top left horizontal samplen 2.5 opaque box lc rgb '#cccccc'
set style fill solid 0.55 noborder
set boxwidth 0.85 absolute
# a wait below wait_min is drawn at wait_min (a log axis has no 0)
clip(w) = w < wait_min ? wait_min : w

# ---- hour-of-the-week tics, the busiest hour (written by tiersim) ----
{{DECOR}}
do for [fmt in "png svg"] {
    if (fmt eq "png") {
        set terminal pngcairo size width, height font font_spec noenhanced
    } else {
        set terminal svg size width, height font font_spec noenhanced background rgb "white"
    }
    set output out_name . "." . fmt
    set multiplot layout 2, 1 title title_text . "\n" . subtitle_text margins 0.08, 0.92, 0.12, 0.88 spacing 0, 0.05
{{PLOT}}    unset multiplot
    unset output
}
