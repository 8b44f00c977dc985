/* models/world.c — placeholder until implemented. */
typedef int ts_placeholder_world;
