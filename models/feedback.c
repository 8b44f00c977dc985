/*
** feedback.c — feedback delay, stars and DSR scores (docs/model.md §7); the
** effective day and revisions (§8) are applied in world.c.
*/
#include "models.h"

#include <math.h>

/*
** docs/model.md §7: P(D = k) = (1-q)^(k-1) / Z for k = 1..W, q = 1/mean,
** Z = sum of the weights. q = 1 gives D = 1.
*/
void ts_feedback_delay_cdf(int32_t window, double mean, double *cdf)
{
    double q = 1.0 / mean, w = 1.0, sum = 0.0;
    for (int32_t k = 0; k < window; k++) {
        sum += w;
        cdf[k] = sum;
        w *= 1.0 - q;
    }
    for (int32_t k = 0; k < window; k++)
        cdf[k] /= sum;
    cdf[window - 1] = 1.0;
}

int32_t ts_cdf_pick(const double *cdf, int32_t n, double u)
{
    /* Branch-free lower bound: the answer stays in [lo, lo + len); the loop
       runs ceil(log2 n) times whatever u is, and the step is a conditional move. */
    int32_t lo = 0, len = n;
    while (len > 1) {
        int32_t half = len / 2;
        lo += u < cdf[lo + half - 1] ? 0 : half;
        len -= half;
    }
    return lo + 1;
}
