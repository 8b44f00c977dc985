# fit_transit.gp — tiersim fit's transit diagnostic, one panel per lane: the
# parcels delivered k days after dispatch (bars) against the count the fitted
# gamma expects under the export's censoring (points), and the lane's promise
# less the handling days (dashed: a later delivery is late).
# Written by tiersim from plots/fit_transit.gp; edit the settings, then run: gnuplot fit_transit.gp

# ---- settings (written by tiersim; change freely) ----
{{SETTINGS}}
# ---- style ----
set encoding utf8
set datafile missing 'NaN'
set xtics out nomirror
set ytics out nomirror
set border 3 lw 1.2
set grid ytics lt 1 lw 1 lc rgb '#e5e5e5'
set key inside top right samplen 2.5 opaque box lc rgb '#cccccc'
set style fill solid 0.6 noborder
set boxwidth 0.85 relative
{{DECOR}}
do for [fmt in "png svg"] {
    if (fmt eq "png") {
        set terminal pngcairo size width, height font font_spec noenhanced
    } else {
        set terminal svg size width, height font font_spec noenhanced background rgb "white"
    }
    set output out_name . "." . fmt
    set multiplot layout rows, cols title title_text . "\n" . subtitle_text margins 0.07, 0.97, 0.12, 0.82 spacing 0.07, 0.14
{{PLOT}}    unset multiplot
    unset output
}
