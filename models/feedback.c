/*
** feedback.c — feedback delay, stars and DSR scores (MODEL.md §7); the
** effective day and revisions (§8) are applied in world.c.
*/
#include "models.h"

#include <math.h>

/*
** MODEL.md §7: P(D = k) = (1-q)^(k-1) / Z for k = 1..W, q = 1/mean,
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
    int32_t lo = 0, hi = n - 1;
    while (lo < hi) {
        int32_t mid = lo + (hi - lo) / 2;
        if (u < cdf[mid])
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo + 1;
}

/*
** MODEL.md §7: a low score is 1, 2 or 3 stars with the normalised
** low_star_weights; a score that is not low is 5 with five_star_share, else 4.
*/
uint8_t ts_feedback_stars(bool low, double u, const double star_cdf[3], double five_star_share)
{
    if (low)
        return (uint8_t)ts_cdf_pick(star_cdf, 3, u);
    return u < five_star_share ? 5 : 4;
}
