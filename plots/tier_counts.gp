# tier_counts.gp — tiersim's batch chart of how many shops land in each tier
# on the last evaluation day: per tier one bar per variant, the expected number
# of shops (the mean over the replications of the count), with the 95%
# interval of that expected number as a whisker.
# Written by tiersim from plots/tier_counts.gp; edit the settings, then run: gnuplot tier_counts.gp

# ---- settings (written by tiersim; change freely) ----
{{SETTINGS}}
# ---- style ----
set encoding utf8
set datafile missing 'NaN'
set title title_text
set ylabel ylabel_text
set xrange [-0.6:n_rows - 0.4]
set yrange [0:*]
set offsets 0, 0, graph 0.1, 0
set ytics out nomirror
set xtics nomirror scale 0
set border 3 lw 1.2
set grid ytics lt 1 lw 1 lc rgb '#e5e5e5'
set key outside below center horizontal
set style fill solid 0.8 noborder
set boxwidth box_width absolute
set bars 2
set label note_text at graph 0.0, graph 1.02 left tc rgb '#555555'
{{DECOR}}
# the x of variant k's bar in row x
bar(x, k) = x + (k - 1 - (n_variants - 1) / 2.0) * box_width
do for [fmt in "png svg"] {
    if (fmt eq "png") {
        set terminal pngcairo size width, height font font_spec noenhanced
    } else {
        set terminal svg size width, height font font_spec noenhanced background rgb "white"
    }
    set output out_name . "." . fmt
    plot data_file using 1:(0):xtic(2) with points pt -1 notitle, \
         for [k=1:n_variants] '' using (bar($1, k)):(column(3 * k)) with boxes lc rgb colors[k] title names[k], \
         for [k=1:n_variants] '' using (bar($1, k)):(column(3 * k)):(column(3 * k + 1)):(column(3 * k + 2)) \
             with yerrorbars pt -1 lw 1.5 lc rgb '#222222' notitle, \
         for [k=1:(value_labels ? n_variants : 0)] '' using (bar($1, k)):(column(3 * k + 2)):(sprintf('%.1f', column(3 * k))) \
             with labels offset 0, char 0.7 tc rgb '#333333' notitle
    unset output
}
