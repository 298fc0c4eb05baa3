using FsCheck;
using FsCheck.Fluent;

namespace Affiliate.EntityFrameworkCore.Tests.Model;

/// <summary>One step of a generated program history, run on the library and on <see cref="ReferenceModel"/>.</summary>
public abstract record ModelOp;

/// <summary>Visitor <c>v{Visitor}</c> clicks partner <see cref="ModelProgram.Partners"/>[Partner]'s link.</summary>
public sealed record ClickOp(int Partner, int Visitor) : ModelOp;

/// <summary>
/// A sale of <paramref name="Cents"/> that occurred <paramref name="BackdateHours"/> before now, by a visitor (or
/// none), with a partner's coupon (or none); <paramref name="Review"/> makes the host's fraud rule hold it.
/// </summary>
public sealed record SaleOp(int Cents, int? Visitor, int? Coupon, bool Review, int BackdateHours) : ModelOp;

/// <summary>
/// A refund of the <paramref name="Sale"/>-th latest sale (modulo their count): <paramref name="Percent"/>% of its
/// amount, rounded to the cent (over 100 is refused), or everything left when null.
/// </summary>
public sealed record RefundOp(int Sale, int? Percent) : ModelOp;

/// <summary>
/// The review decision on the <paramref name="Sale"/>-th latest sale sent to review (modulo their count), or of any
/// sale when none was.
/// </summary>
public sealed record ReviewOp(int Sale, bool Approve) : ModelOp;

/// <summary>
/// A plan version paying <paramref name="SellerPercent"/>% to the seller and <paramref name="UplinePercent"/>% of
/// the sale to the seller's sponsor, scheduled to start <paramref name="StartsInHours"/> from now.
/// </summary>
public sealed record PlanVersionOp(decimal SellerPercent, decimal UplinePercent, int StartsInHours) : ModelOp;

/// <summary>The fake clock jumps forward.</summary>
public sealed record ClockJumpOp(int Hours) : ModelOp;

/// <summary>The approval job runs now.</summary>
public sealed record ApprovalRunOp : ModelOp;

/// <summary>What a payout run does with the payouts it creates.</summary>
public enum PayoutFollowUp
{
    MarkPaid,
    MarkFailed,
    LeavePending,
}

/// <summary>A payout run now; its payouts are then paid, failed or left pending.</summary>
public sealed record PayoutRunOp(PayoutFollowUp Then) : ModelOp;

/// <summary>
/// Days pass as in production: the clock jumps <paramref name="Days"/>, the approval job runs, then the payout job,
/// whose payouts are then paid, failed or left pending.
/// </summary>
public sealed record DaysPassOp(int Days, PayoutFollowUp Then) : ModelOp;

/// <summary>Every payout still pending is marked paid (or failed), oldest first.</summary>
public sealed record SettleOp(bool Paid) : ModelOp;

/// <summary>
/// A generated history: the ops in order, printed one a line when a case fails (also after shrinking).
/// </summary>
public sealed record ModelCase(ModelOp[] Ops)
{
    public override string ToString() =>
        $"{Ops.Length} ops:{Environment.NewLine}  "
        + string.Join(Environment.NewLine + "  ", Ops.Select((op, i) => $"{i, 2}: {op}"));
}

/// <summary>
/// The generator of histories: every listed operation, weighted so that most histories reach payouts.
/// </summary>
public static class ModelGenerators
{
    private static Gen<int?> Maybe(Gen<int> gen) =>
        Gen.Frequency((1, Gen.Constant<int?>(null)), (3, gen.Select(v => (int?)v)));

    private static Gen<ModelOp> Ops { get; } =
        Gen.Frequency(
            (6, Gen.Zip(Gen.Choose(0, 2), Gen.Choose(0, 2)).Select(t => (ModelOp)new ClickOp(t.Item1, t.Item2))),
            (
                6,
                Gen.Zip(
                        Gen.Zip(Gen.Choose(100, 60_000), Maybe(Gen.Choose(0, 2))),
                        Gen.Zip(
                            Gen.Frequency((2, Gen.Constant<int?>(null)), (1, Gen.Choose(0, 2).Select(v => (int?)v))),
                            Gen.Zip(Gen.Elements(false, false, false, true), Gen.Elements(0, 0, 0, 3, 26))
                        )
                    )
                    .Select(t =>
                        (ModelOp)
                            new SaleOp(
                                t.Item1.Item1,
                                t.Item1.Item2,
                                t.Item2.Item1,
                                t.Item2.Item2.Item1,
                                t.Item2.Item2.Item2
                            )
                    )
            ),
            (
                5,
                Gen.Zip(Gen.Choose(0, 4), Maybe(Gen.Elements(1, 10, 25, 50, 50, 99, 100, 150)))
                    .Select(t => (ModelOp)new RefundOp(t.Item1, t.Item2))
            ),
            (
                2,
                Gen.Zip(Gen.Choose(0, 3), Gen.Elements(true, true, false))
                    .Select(t => (ModelOp)new ReviewOp(t.Item1, t.Item2))
            ),
            (
                1,
                Gen.Zip(
                        Gen.Zip(Gen.Elements(5m, 7.5m, 12.5m, 20m), Gen.Elements(0m, 1m, 2.5m)),
                        Gen.Elements(1, 24, 72)
                    )
                    .Select(t => (ModelOp)new PlanVersionOp(t.Item1.Item1, t.Item1.Item2, t.Item2))
            ),
            (3, Gen.Elements(1, 24, 24 * 4, 24 * 8, 24 * 31).Select(h => (ModelOp)new ClockJumpOp(h))),
            (2, Gen.Constant<ModelOp>(new ApprovalRunOp())),
            (
                2,
                Gen.Elements(PayoutFollowUp.MarkPaid, PayoutFollowUp.MarkPaid, PayoutFollowUp.MarkFailed)
                    .Select(f => (ModelOp)new PayoutRunOp(f))
            ),
            (1, Gen.Constant<ModelOp>(new PayoutRunOp(PayoutFollowUp.LeavePending))),
            (1, Gen.Elements(true, true, false).Select(p => (ModelOp)new SettleOp(p))),
            (
                6,
                Gen.Zip(
                        Gen.Elements(1, 3, 8, 8, 15, 31),
                        Gen.Elements(
                            PayoutFollowUp.MarkPaid,
                            PayoutFollowUp.MarkPaid,
                            PayoutFollowUp.MarkFailed,
                            PayoutFollowUp.LeavePending
                        )
                    )
                    .Select(t => (ModelOp)new DaysPassOp(t.Item1, t.Item2))
            )
        );

    /// <summary>
    /// Histories of 1 to <paramref name="maxOps"/> ops. Shrinking drops halves, then single ops, so a failure ends as
    /// a short list of the ops that matter.
    /// </summary>
    public static Arbitrary<ModelCase> Cases(int maxOps) =>
        Arb.From(Gen.Choose(1, maxOps).SelectMany(n => Gen.ArrayOf(Ops, n)).Select(ops => new ModelCase(ops)), Shrink);

    private static IEnumerable<ModelCase> Shrink(ModelCase history)
    {
        var ops = history.Ops;
        if (ops.Length > 3)
        {
            yield return new ModelCase(ops[..(ops.Length / 2)]);
            yield return new ModelCase(ops[(ops.Length / 2)..]);
        }

        for (var i = ops.Length - 1; i >= 0 && ops.Length > 1; i--)
        {
            yield return new ModelCase([.. ops[..i], .. ops[(i + 1)..]]);
        }
    }
}
