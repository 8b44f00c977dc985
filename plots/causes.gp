# causes.gp — tiersim's chart of the mean number of assessed orders with each rule event on each
# evaluation day (the causes of the headline metric), stacked, grouped by evaluation day.
# Written by tiersim from plots/causes.gp; edit the settings, then run: gnuplot causes.gp

# ---- settings (written by tiersim; change freely) ----
{{SETTINGS}}
# ---- style ----
set encoding utf8
set datafile missing 'NaN'
set title title_text
set xlabel xlabel_text
set ylabel ylabel_text
set yrange [0:*]
set ytics out nomirror
set border 3 lw 1.2
set grid ytics lt 1 lw 1 lc rgb '#e5e5e5'
set style data histograms
set style histogram rowstacked title offset 0, -0.3
set style fill solid 0.92 border rgb 'white'
set boxwidth 0.72 relative
set xtics nomirror scale 0
set key outside right center vertical invert samplen 2 spacing 1.2 title ' '
set bmargin 6
set label 1 note_text at screen 0.01, screen 0.02 left tc rgb '#555555'

# ---- label style (written by tiersim) ----
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
