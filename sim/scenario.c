/* sim/scenario.c — placeholder until implemented. */
typedef int ts_placeholder_scenario;
