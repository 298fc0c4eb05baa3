using Affiliate.Stores;
using Affiliate.Tests.Support;
using FsCheck;
using FsCheck.Fluent;
using Property = Affiliate.Tests.Support.Property;

namespace Affiliate.Tests.Lifecycle;

/// <summary>
/// Random sequences of clicks, orders, duplicate and out-of-order deliveries, partial refunds, approvals, payouts
/// and time jumps, run through the services; after each sequence the ledger must be consistent to the cent.
/// </summary>
public sealed class LedgerProperties
{
    private abstract record Op;

    private sealed record ClickOp(int Partner, int Visitor) : Op;

    private sealed record OrderOp(int Order, int Cents, int Visitor, int BackdateHours) : Op;

    private sealed record RefundOp(int Order, int Refund, int? Cents) : Op;

    private sealed record ApproveOp : Op;

    private sealed record PayoutOp(bool Pay, bool Fail) : Op;

    private sealed record AdvanceOp(int Hours) : Op;

    private sealed record Scenario(AttributionModel Model, Op[] Ops)
    {
        public override string ToString() => $"{Model}: {string.Join(", ", Ops.Select(o => o.ToString()))}";
    }

    private static readonly string[] PartnerIds = ["anna", "ben", "cleo"];

    private static Gen<Op> Ops { get; } =
        Gen.Frequency(
            (4, Gen.Zip(Gen.Choose(0, 2), Gen.Choose(0, 2)).Select(t => (Op)new ClickOp(t.Item1, t.Item2))),
            (
                5,
                Gen.Zip(
                        Gen.Zip(Gen.Choose(0, 5), Gen.Choose(1, 50_000)),
                        Gen.Zip(Gen.Choose(0, 2), Gen.Elements(0, 0, 0, 5, 48))
                    )
                    .Select(t => (Op)new OrderOp(t.Item1.Item1, t.Item1.Item2, t.Item2.Item1, t.Item2.Item2))
            ),
            (
                3,
                Gen.Zip(
                        Gen.Zip(Gen.Choose(0, 6), Gen.Choose(0, 4)),
                        Gen.OneOf(Gen.Constant<int?>(null), Gen.Choose(1, 30_000).Select(c => (int?)c))
                    )
                    .Select(t => (Op)new RefundOp(t.Item1.Item1, t.Item1.Item2, t.Item2))
            ),
            (2, Gen.Constant<Op>(new ApproveOp())),
            (
                3,
                Gen.Zip(Gen.Elements(true, true, false), Gen.Elements(false, false, false, true))
                    .Select(t => (Op)new PayoutOp(t.Item1, t.Item2))
            ),
            (3, Gen.Elements(1, 6, 24, 24 * 5, 24 * 11).Select(h => (Op)new AdvanceOp(h)))
        );

    private static Gen<Scenario> Scenarios { get; } =
        from model in Gen.Elements(AttributionModel.LastClick, AttributionModel.Linear, AttributionModel.FirstClick)
        from ops in Gen.Choose(1, 40).SelectMany(n => Gen.ArrayOf(Ops, n))
        select new Scenario(model, ops);

    [Fact]
    public void Ledger_Sequences_Meet_Specification() =>
        Property.Check(
            Prop.ForAll(Scenarios.ToArbitrary(), scenario =>
                Task.Run(() => RunAsync(scenario)).GetAwaiter().GetResult()
            )
        );

    private static async Task<bool> RunAsync(Scenario scenario)
    {
        using var host = new AffiliateHost(Instant.FromUtc(2026, 1, 5, 10, 0), o =>
        {
            o.Plan = AffiliateHost.PercentPlan(12.5m);
            o.HoldPeriod = Duration.FromDays(10);
            o.AttributionModel = scenario.Model;
            o.Fraud.ClickToConversion.Enabled = false;
        });
        foreach (var id in PartnerIds)
        {
            await host.PartnerAsync(id);
        }

        var store = host.Store;
        foreach (var op in scenario.Ops)
        {
            var linesBefore = (await Lines(store)).Count;
            var eventsBefore = (await ((IOutboxStore)store).PendingAsync(int.MaxValue, default)).Count;
            var changedNothing = op switch
            {
                ClickOp click => await Ignore(
                    host.ClickAsync(
                        PartnerIds[click.Partner].ToUpperInvariant() + "10",
                        $"v{click.Visitor}",
                        ip: $"203.0.113.{click.Visitor}"
                    )
                ),
                OrderOp order => await OrderAsync(host, order),
                RefundOp refund => await RefundAsync(host, refund),
                ApproveOp => await Ignore(host.Ledger.ApproveDueAsync().AsTask()),
                PayoutOp payout => await PayoutAsync(host, payout),
                AdvanceOp advance => Advance(host, advance),
                _ => false,
            };

            // A redelivery or a refused request must leave no trace.
            if (
                changedNothing
                && (
                    (await Lines(store)).Count != linesBefore
                    || (await ((IOutboxStore)store).PendingAsync(int.MaxValue, default)).Count != eventsBefore
                )
            )
            {
                return false;
            }
        }

        if (!await LedgerIsConsistentAsync(store))
        {
            return false;
        }

        // The read side kept by the writes equals a recomputation from the raw rows.
        var difference = await Stores.Specification.ReadSide.ReadSideOracle.DifferenceAsync(
            host.Services,
            PartnerIds,
            new LocalDate(2025, 12, 1),
            new LocalDate(2026, 4, 1)
        );
        return difference is null ? true : throw new InvalidOperationException(difference);
    }

    private static async Task<bool> OrderAsync(AffiliateHost host, OrderOp order)
    {
        var result = await host.Conversions.RecordAsync(
            new ConversionRequest
            {
                Facts = ConversionFacts.Sale(
                    new ConversionId($"order-{order.Order}"),
                    host.Clock.Now - Duration.FromHours(order.BackdateHours),
                    Money.Of(order.Cents / 100m, "EUR")
                ),
                VisitorId = $"v{order.Visitor}",
            }
        );
        return result.AlreadyRecorded || !result.Succeeded;
    }

    private static async Task<bool> RefundAsync(AffiliateHost host, RefundOp refund)
    {
        var result = await host.Conversions.RefundAsync(
            new RefundRequest
            {
                ConversionId = new ConversionId($"order-{refund.Order}"),
                RefundId = $"refund-{refund.Refund}",
                Amount = refund.Cents is { } cents ? Money.Of(cents / 100m, "EUR") : null,
            }
        );
        return result.AlreadyRecorded || !result.Succeeded;
    }

    private static async Task<bool> PayoutAsync(AffiliateHost host, PayoutOp op)
    {
        foreach (var payout in (await host.Payouts.CreatePayoutsAsync()).GetValueOrThrow().Payouts)
        {
            if (op.Fail)
            {
                (await host.Payouts.MarkFailedAsync(payout.Id, "bank said no")).GetValueOrThrow();
            }
            else if (op.Pay)
            {
                (await host.Payouts.MarkPaidAsync(payout.Id, $"tx-{payout.Id}")).GetValueOrThrow();
                if (!(await host.Payouts.MarkPaidAsync(payout.Id, $"tx-{payout.Id}")).AlreadyRecorded)
                {
                    throw new InvalidOperationException("Marking a payout paid twice was not a replay.");
                }
            }
        }

        return false;
    }

    private static bool Advance(AffiliateHost host, AdvanceOp advance)
    {
        host.Clock.Advance(Duration.FromHours(advance.Hours));
        return false;
    }

    private static async Task<bool> Ignore<T>(Task<T> task)
    {
        await task;
        return false;
    }

    private static async Task<IReadOnlyList<CommissionLine>> Lines(Stores.InMemoryAffiliateStore store) =>
        await ((ILedgerStore)store).QueryLinesAsync(new LineQuery(), default);

    private static async Task<bool> LedgerIsConsistentAsync(Stores.InMemoryAffiliateStore store)
    {
        var lines = await Lines(store);
        var payouts = await ((IPayoutStore)store).QueryAsync(new PayoutQuery(), default);
        var live = payouts.Where(p => p.Status != PayoutStatus.Failed).ToArray();

        // A payout equals its lines, and a line is in at most one live payout.
        foreach (var payout in live)
        {
            var its = lines.Where(l => l.PayoutId == payout.Id).ToArray();
            if (Money.Sum(its.Select(l => l.Amount), Currency.EUR) != payout.Amount || its.Length != payout.LineCount)
            {
                return false;
            }
        }

        // Lines name one payout each, so a line counted by two live payouts would break the sum above.
        if (lines.Count(l => l.PayoutId is { } id && live.Any(p => p.Id == id)) != live.Sum(p => p.LineCount))
        {
            return false;
        }

        // A paid payout's lines are all paid; a pending payout's lines all wait, approved.
        if (
            live.Any(p =>
                lines
                    .Where(l => l.PayoutId == p.Id)
                    .Any(l =>
                        l.State != (p.Status == PayoutStatus.Paid ? CommissionState.Paid : CommissionState.Approved)
                    )
            )
        )
        {
            return false;
        }

        // No line is paid but by a paid payout; what was paid out is exactly what the paid lines say.
        var paidPayouts = live.Where(p => p.Status == PayoutStatus.Paid).Select(p => p.Id).ToHashSet();
        if (
            lines.Any(l => l.State == CommissionState.Paid && (l.PayoutId is not { } id || !paidPayouts.Contains(id)))
            || lines.Where(l => l.State == CommissionState.Paid).Sum(l => l.Amount.Amount)
                != live.Where(p => p.Status == PayoutStatus.Paid).Sum(p => p.Amount.Amount)
        )
        {
            return false;
        }

        // Money is conserved: every commission keeps exactly its amount less its share of what was refunded, and
        // reversals never exceed what was earned.
        foreach (var original in lines.Where(l => l.ReversesLineId is null && l.ConversionId is not null))
        {
            var conversion = await ((IConversionStore)store).FindAsync(
                original.ProgramId,
                original.ConversionId!.Value,
                default
            );
            var (refunded, sale) = (conversion!.Refunded.Amount, conversion.Amount.Amount);
            var children = lines.Where(l => l.ReversesLineId == original.Id).ToArray();
            var reversed = -children.Sum(c => c.Amount.Amount);
            var net =
                (original.State == CommissionState.Reversed ? 0m : original.Amount.Amount)
                + children.Where(c => c.State != CommissionState.Reversed).Sum(c => c.Amount.Amount);
            var expected =
                original.Amount.Amount
                - decimal.Round(original.Amount.Amount * refunded / sale, 2, MidpointRounding.AwayFromZero);
            if (net != expected || reversed > original.Amount.Amount || children.Any(c => c.Amount.IsPositive))
            {
                return false;
            }
        }

        return true;
    }
}
