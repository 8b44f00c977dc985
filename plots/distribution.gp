# distribution.gp — tiersim's histogram of the headline metric over the
# replications on each evaluation day (at most the last four), variants
# overlaid, with the tier thresholds (dashed) and each variant's mean (solid).
# Written by tiersim from plots/distribution.gp; edit, then run: gnuplot distribution.gp

# ---- settings (written by tiersim; change freely) ----
{{SETTINGS}}
# ---- style ----
set encoding utf8
set datafile missing 'NaN'
set xlabel metric_text
set ylabel ylabel_text
set yrange [0:*]
set xtics out nomirror
set ytics out nomirror
set border 3 lw 1.2
set grid ytics lt 1 lw 1 lc rgb '#e5e5e5'
set style fill transparent solid 0.45 border
set key outside below center horizontal samplen 4
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
