/*
** bench.h — `tiersim bench`: throughput of the engine on a scenario, its
** speed-up over threads, its memory, and the generator's raw speed.
*/
#ifndef TS_BENCH_H
#define TS_BENCH_H

/* Run the benchmark command; argv excludes "bench". Returns an exit code. */
int ts_bench_main(int argc, char **argv);

#endif
