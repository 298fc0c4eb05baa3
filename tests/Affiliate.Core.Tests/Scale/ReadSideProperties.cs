using Affiliate.Commissions;
using Affiliate.Conversions;
using Affiliate.Core.Tests.Reports.Oracle;
using Affiliate.Ledger;
using Affiliate.Tests.Support;
using Affiliate.Touches;
using FsCheck;
using FsCheck.Fluent;
using Property = Affiliate.Tests.Support.Property;

namespace Affiliate.Tests.Scale;

/// <summary>
/// Random sequences of clicks with sub-ids and links, sales (some held for review), coupon sales, reviews, refunds,
/// adjustments, approvals, payouts and clock jumps, in a program on New York time with a three-level sponsor chain:
/// afterwards every report and balance read from the rollups equals the recomputation from the raw rows.
/// </summary>
public sealed class ReadSideProperties
{
    private static readonly string[] PartnerIds = ["anna", "ben", "cleo"];

    private abstract record Op;

    private sealed record ClickOp(int Partner, int Visitor, int Sub, bool Link) : Op;

    private sealed record SaleOp(int Order, int Cents, int Visitor, bool Fast, bool Coupon) : Op;

    private sealed record ReviewOp(int Order, bool Approve) : Op;

    private sealed record RefundOp(int Order, int Refund, int? Cents) : Op;

    private sealed record AdjustOp(int Partner, int Cents) : Op;

    private sealed record ApproveOp : Op;

    private sealed record PayoutOp(bool Pay) : Op;

    private sealed record AdvanceOp(int Minutes) : Op;

    private static Gen<Op> Ops { get; } = Gen.Frequency(
        (4, Gen.Zip(Gen.Zip(Gen.Choose(0, 2), Gen.Choose(0, 3)), Gen.Zip(Gen.Choose(0, 2), Gen.Elements(true, false))).Select(t => (Op)new ClickOp(t.Item1.Item1, t.Item1.Item2, t.Item2.Item1, t.Item2.Item2))),
        (5, Gen.Zip(Gen.Zip(Gen.Choose(0, 6), Gen.Choose(1, 40_000)), Gen.Zip(Gen.Choose(0, 3), Gen.Zip(Gen.Elements(false, false, true), Gen.Elements(false, false, false, true)))).Select(t => (Op)new SaleOp(t.Item1.Item1, t.Item1.Item2, t.Item2.Item1, t.Item2.Item2.Item1, t.Item2.Item2.Item2))),
        (2, Gen.Zip(Gen.Choose(0, 6), Gen.Elements(true, false)).Select(t => (Op)new ReviewOp(t.Item1, t.Item2))),
        (2, Gen.Zip(Gen.Zip(Gen.Choose(0, 6), Gen.Choose(0, 3)), Gen.OneOf(Gen.Constant<int?>(null), Gen.Choose(1, 20_000).Select(c => (int?)c))).Select(t => (Op)new RefundOp(t.Item1.Item1, t.Item1.Item2, t.Item2))),
        (1, Gen.Zip(Gen.Choose(0, 2), Gen.Elements(-500, 250, 1_999)).Select(t => (Op)new AdjustOp(t.Item1, t.Item2))),
        (2, Gen.Constant<Op>(new ApproveOp())),
        (2, Gen.Elements(true, false).Select(p => (Op)new PayoutOp(p))),
        (4, Gen.Elements(1, 30, 60 * 7, 60 * 24, 60 * 24 * 9).Select(m => (Op)new AdvanceOp(m))));

    [Fact]
    public void Read_Side_Meets_Specification() =>
        Property.Check(Prop.ForAll(Gen.Choose(1, 40).SelectMany(n => Gen.ArrayOf(Ops, n)).ToArbitrary(),
            ops => Task.Run(() => RunAsync(ops)).GetAwaiter().GetResult()));

    private static async Task<bool> RunAsync(Op[] ops)
    {
        var plan = AffiliateHost.PercentPlan(10m);
        plan = plan with
        {
            Versions = [plan.Versions[0] with { MultiLevel = new MultiLevelPolicy { Levels = [new(2, CommissionRate.Percent(2)), new(3, CommissionRate.Percent(1))] } }],
        };
        using var host = new AffiliateHost(Instant.FromUtc(2026, 1, 31, 22, 0), o =>
        {
            o.Plan = plan;
            o.TimeZone = "America/New_York";
            o.HoldPeriod = Duration.FromDays(5);
            o.AttributionModel = Affiliate.Attribution.AttributionModel.Linear;
        });
        await host.PartnerAsync("anna");
        await host.PartnerAsync("ben", sponsorCode: "ANNA10");
        await host.PartnerAsync("cleo", sponsorCode: "BEN10");

        foreach (var op in ops)
        {
            switch (op)
            {
                case ClickOp click:
                    host.Clock.Advance(Duration.FromMinutes(1));
                    await host.Clicks.RecordAsync(new ClickRequest
                    {
                        ReferralCode = PartnerIds[click.Partner].ToUpperInvariant() + "10",
                        VisitorId = $"v{click.Visitor}",
                        IpAddress = $"203.0.113.{click.Visitor}",
                        SubIds = click.Sub == 0 ? [] : [$"s{click.Sub}", "", $"third-{click.Sub}"],
                        LinkId = click.Link ? "spring" : null,
                    });
                    break;
                case SaleOp sale:
                    if (!sale.Fast)
                    {
                        host.Clock.Advance(Duration.FromMinutes(3));
                    }

                    await host.SaleAsync($"order-{sale.Order}", sale.Cents / 100m, $"v{sale.Visitor}", coupon: sale.Coupon ? "CLEO10" : null);
                    break;
                case ReviewOp review:
                    await host.Ledger.ReviewAsync(null, new ConversionId($"order-{review.Order}"), new ReviewDecision(review.Approve, "checked", "ops"));
                    break;
                case RefundOp refund:
                    await host.Conversions.RefundAsync(new RefundRequest
                    {
                        ConversionId = new ConversionId($"order-{refund.Order}"),
                        RefundId = $"refund-{refund.Refund}",
                        Amount = refund.Cents is { } cents ? Money.Of(cents / 100m, "EUR") : null,
                    });
                    break;
                case AdjustOp adjust:
                    await host.Ledger.AdjustAsync(null, new PartnerId(PartnerIds[adjust.Partner]), Money.Of(adjust.Cents / 100m, "EUR"), "goodwill");
                    break;
                case ApproveOp:
                    await host.Ledger.ApproveDueAsync();
                    break;
                case PayoutOp payout:
                    foreach (var created in await host.Payouts.CreatePayoutsAsync())
                    {
                        _ = payout.Pay
                            ? await host.Payouts.MarkPaidAsync(created.Id, "tx")
                            : await host.Payouts.MarkFailedAsync(created.Id, "bank said no");
                    }

                    break;
                case AdvanceOp advance:
                    host.Clock.Advance(Duration.FromMinutes(advance.Minutes));
                    break;
            }
        }

        var difference = await ReadSideOracle.DifferenceAsync(host, PartnerIds, new LocalDate(2026, 1, 1), new LocalDate(2026, 6, 1));
        return difference is null ? true : throw new InvalidOperationException(difference);
    }
}
