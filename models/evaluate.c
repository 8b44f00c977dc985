/* models/evaluate.c — placeholder until implemented. */
typedef int ts_placeholder_evaluate;
