/* sim/results.c — placeholder until implemented. */
typedef int ts_placeholder_results;
