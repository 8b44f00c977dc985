/*
** disputes.c — noisy-or probabilities (docs/model.md "Notation", §6-§7) and the
** course of a dispute: reply, no-reply refund, arbitration, ruling (§6).
*/
#include "models.h"

/* docs/model.md "Notation": noisy_or = 1 - (1 - base) x prod over present flags k of (1 - c_k). */
double ts_noisy_or_prob(const ts_noisy_or *n, unsigned mask)
{
    double keep = 1.0 - n->base;
    for (int k = 0; k < TS_FLAG_COUNT; k++)
        if (mask & TS_FLAG_BIT(k))
            keep *= 1.0 - n->coef[k];
    return 1.0 - keep;
}

void ts_noisy_or_table(const ts_noisy_or *n, double *table)
{
    for (unsigned m = 0; m < TS_FLAG_MASKS; m++)
        table[m] = ts_noisy_or_prob(n, m);
}

/*
** docs/model.md §6, dispute opened on day o: with dispute_reply_prob the seller
** replies within 5 days, else "no reply" on o + 5 and the dispute closes then.
** A replied dispute escalates with arbitration_prob on o + escalation_days,
** the ruling on o + escalation_days + ruling_days holds the seller
** responsible with seller_responsible_prob, and the dispute closes on the
** ruling day; an unescalated one closes on o + close_days.
*/
ts_dispute ts_dispute_course(const ts_service *sv, int32_t open, const double u[3])
{
    ts_dispute d = {open, TS_NEVER, TS_NEVER, TS_NEVER, TS_NEVER};
    if (!(u[0] < sv->dispute_reply_prob)) {
        d.no_reply = open + 5;
        d.close = open + 5;
    } else if (u[1] < sv->arbitration_prob) {
        d.arbitration = open + sv->escalation_days;
        int32_t ruling = d.arbitration + sv->ruling_days;
        if (u[2] < sv->seller_responsible_prob)
            d.responsible = ruling;
        d.close = ruling;
    } else {
        d.close = open + sv->close_days;
    }
    return d;
}
