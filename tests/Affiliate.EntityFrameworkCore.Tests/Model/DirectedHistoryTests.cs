namespace Affiliate.EntityFrameworkCore.Tests.Model;

/// <summary>
/// Histories written by hand for paths random ones reach rarely, checked against <see cref="ReferenceModel"/> like
/// the generated ones.
/// </summary>
public sealed class DirectedHistoryTests
{
    [Fact]
    public async Task Full_refund_after_a_failed_payout_whose_clawback_was_paid_elsewhere_nets_the_commission_to_zero()
    {
        var anna = 1;
        ModelOp[] ops =
        [
            new SaleOp(30_000, null, anna, false, 0), // anna 30.00, her sponsor cleo 6.00
            new DaysPassOp(8, PayoutFollowUp.LeavePending), // payout 1 claims anna's 30.00
            new RefundOp(0, 50), // anna's commission is in payout 1: a 15.00 clawback, approved
            new SaleOp(40_000, null, anna, false, 0), // anna 40.00
            new DaysPassOp(8, PayoutFollowUp.MarkPaid), // payout 2 pays 40.00 - 15.00, the clawback with it
            new SettleOp(false), // payout 1 fails: the 30.00 commission is released, unpaid
            new RefundOp(1, null), // the rest of the first sale: anna keeps nothing of its commission
        ];
        var reached = await RunAsync(ops);
        Assert.Superset(
            new HashSet<string>
            {
                "clawback in a payout",
                "clawback netted in a payout",
                "payout failed",
                "reversal of a Approved commission",
                "full refund of a Approved commission",
            },
            reached
        );
    }

    [Fact]
    public async Task Versions_reviews_and_refunds_of_held_approved_and_paid_commissions_meet_the_model()
    {
        var ben = 2;
        ModelOp[] ops =
        [
            new PlanVersionOp(12.5m, 1m, 72), // version 2 from in three days
            new PlanVersionOp(20m, 0m, 24), // refused: it would start before version 2
            new SaleOp(20_000, null, ben, true, 0), // held: ben 20.00, his sponsor anna 4.00
            new ReviewOp(0, false), // rejected
            new SaleOp(20_000, null, ben, true, 0), // held again
            new RefundOp(0, null), // fully refunded while held: nothing left to review
            new ReviewOp(0, true), // refused
            new SaleOp(5_000, null, ben, true, 0), // held: ben 5.00, anna 1.00
            new ReviewOp(0, true), // approved: pending until the hold period is over
            new DaysPassOp(4, PayoutFollowUp.MarkPaid), // version 2 is in force
            new SaleOp(30_000, null, ben, false, 0), // ben 37.50, anna 3.00 by version 2
            new DaysPassOp(8, PayoutFollowUp.MarkPaid), // ben's 37.50 paid
            new SaleOp(10_000, null, ben, false, 0), // ben 12.50
            new DaysPassOp(8, PayoutFollowUp.LeavePending), // approved, below the threshold
            new RefundOp(0, null), // full refund of an approved commission: cancelled
            new RefundOp(1, 50), // half of the paid sale: a clawback of 18.75
            new DaysPassOp(1, PayoutFollowUp.MarkPaid), // ben's balance is negative: it waits
        ];
        var reached = await RunAsync(ops);
        Assert.Superset(
            new HashSet<string>
            {
                "plan version refused",
                "review rejected",
                "review approved",
                "full refund of a Held commission",
                "full refund of a Approved commission",
                "sale priced by a later version",
                "clawback after payment",
                "negative balance waits",
            },
            reached
        );
    }

    private static async Task<HashSet<string>> RunAsync(ModelOp[] ops)
    {
        await using var host = await ModelHost.SqliteAsync();
        var coverage = new ModelCoverage();
        Assert.True(await ModelRun.RunAsync(host, new ModelCase(ops), coverage));
        return coverage.Situations;
    }
}
