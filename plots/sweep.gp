# sweep.gp — tiersim's sweep chart: the headline metric (left axis, mean and
# 5–95% range) and the probability of the top tier (right axis, with the
# Wilson 95% interval) on the last evaluation day, against the swept value.
# Written by tiersim from plots/sweep.gp; edit the settings, then run: gnuplot sweep.gp

# ---- settings (written by tiersim; change freely) ----
{{SETTINGS}}
# ---- style ----
set encoding utf8
set datafile missing 'NaN'
set title title_text
set xlabel xlabel_text
set ylabel ylabel_text tc rgb '#D55E00'
set y2label y2label_text tc rgb '#1a9850'
set xtics out nomirror
set ytics out nomirror tc rgb '#D55E00'
set y2tics out tc rgb '#1a9850'
set yrange [0:*]
set y2range [0:100]
set border 11 lw 1.2
set grid xtics ytics lt 1 lw 1 lc rgb '#e5e5e5'
set offsets graph 0.05, graph 0.05, 0, 0
set key outside below center horizontal
{{DECOR}}
do for [fmt in "png svg"] {
    if (fmt eq "png") {
        set terminal pngcairo size width, height font font_spec noenhanced
    } else {
        set terminal svg size width, height font font_spec noenhanced background rgb "white"
    }
    set output out_name . "." . fmt
    plot data_file using 1:2:3:4 with yerrorlines pt 7 ps 1.4 lw 2 lc rgb '#D55E00' axes x1y1 title metric_text, \
         '' using 1:5:6:7 with yerrorlines pt 5 ps 1.4 lw 2 lc rgb '#1a9850' axes x1y2 title top_text
    unset output
}
