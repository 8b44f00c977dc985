# shops.gp — tiersim's batch chart of shops ranked by the probability of the
# best tier on the last evaluation day: one point per shop and variant with
# its 95% interval, shops ranked on the base (1 = highest), each variant at
# its shop's place (a little to the right), so a rule change shows shop by shop.
# Written by tiersim from plots/shops.gp; edit the settings, then run: gnuplot shops.gp

# ---- settings (written by tiersim; change freely) ----
{{SETTINGS}}
# ---- style ----
set encoding utf8
set datafile missing 'NaN'
set title title_text
set xlabel xlabel_text
set ylabel ylabel_text
set xrange [0.3:n_shops + 0.7 + x_step * (n_variants - 1)]
set yrange [-3:103]
set ytics 0, 20, 100 out nomirror
set xtics out nomirror
set border 3 lw 1.2
set grid ytics lt 1 lw 1 lc rgb '#e5e5e5'
set key outside below center horizontal
set label note_text at graph 0.0, graph 1.02 left tc rgb '#555555'
set bmargin 5
# the intervals in a see-through shade of the series' colour, drawn under the points
faint(c) = '#99' . c[2:7]
{{DECOR}}
do for [fmt in "png svg"] {
    if (fmt eq "png") {
        set terminal pngcairo size width, height font font_spec noenhanced
    } else {
        set terminal svg size width, height font font_spec noenhanced background rgb "white"
    }
    set output out_name . "." . fmt
    plot for [k=1:n_variants] data_file using ($1 + (k - 1) * x_step):(column(3 * k)):(column(3 * k + 1)):(column(3 * k + 2)) \
             with yerrorbars pt -1 lw bar_width lc rgb faint(colors[k]) notitle, \
         for [k=1:n_variants] '' using ($1 + (k - 1) * x_step):(column(3 * k)) with points pt 7 ps point_size \
             lc rgb colors[k] title names[k]
    unset output
}
