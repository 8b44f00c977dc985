# standing.gp — tiersim's cross-rulebook chart: one horizontal bar per variant on its
# last evaluation day, stacked with the probability of each tier of its own rulebook.
# Written by tiersim from plots/standing.gp; edit the settings, then run: gnuplot standing.gp

# ---- settings (written by tiersim; change freely) ----
{{SETTINGS}}
# ---- style ----
set encoding utf8
set datafile missing 'NaN'
set title title_text . "\n" . subtitle_text . "\n" . note_text
set xlabel xlabel_text
set xrange [0:100]
set yrange [0.4:bars + 0.6]
set xtics 0, 20, 100 out nomirror
set ytics scale 0 nomirror
set mxtics 2
set border 1 lw 1.2
set grid xtics lt 1 lw 1 lc rgb '#e5e5e5'
set lmargin left_margin
set rmargin 4
set key off
bar_half = 0.34

# ---- axis labels (written by tiersim) ----
{{DECOR}}
do for [fmt in "png svg"] {
    if (fmt eq "png") {
        set terminal pngcairo size width, height font font_spec noenhanced
    } else {
        set terminal svg size width, height font font_spec noenhanced background rgb "white"
    }
    set output out_name . "." . fmt
    plot data_file index 0 using (($2+$3)/2):1:2:3:($1-bar_half):($1+bar_half):5 \
             with boxxyerror fs solid 1.0 border rgb 'white' lc rgb variable, \
         '' index 1 using 1:2:3:4 with labels center offset 0, char 0.6 tc rgb variable, \
         '' index 2 using 1:2:3:4 with labels center offset 0, char -0.6 tc rgb variable, \
         '' index 3 using 1:2:3 with labels left offset char 0.3, 0 font ',10' tc rgb '#444444'
    unset output
}
