using FsCheck;
using FsCheck.Fluent;
using Microsoft.Extensions.DependencyInjection;

namespace Affiliate.Stores.Specification.ReadSide;

/// <summary>The library wired over a store, with a clock the test moves.</summary>
public interface IReadSideHost : IAsyncDisposable
{
    /// <summary>A scope's services (AddAffiliates with the store under test).</summary>
    IServiceProvider Services { get; }

    /// <summary>Moves the clock forward.</summary>
    void Advance(Duration duration);

    /// <summary>The clock's time.</summary>
    Instant Now { get; }
}

/// <summary>
/// Random sequences of clicks with sub-ids and links, sales (some held for review), coupon sales, reviews, refunds,
/// adjustments, approvals, payouts and clock jumps, in a program on New York time with a three-level sponsor chain:
/// afterwards every report and balance read from the rollups equals the recomputation from the raw rows.
/// </summary>
public abstract class ReadSideSpecification
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

    private static Gen<Op> Ops { get; } =
        Gen.Frequency(
            (
                4,
                Gen.Zip(
                        Gen.Zip(Gen.Choose(0, 2), Gen.Choose(0, 3)),
                        Gen.Zip(Gen.Choose(0, 2), Gen.Elements(true, false))
                    )
                    .Select(t => (Op)new ClickOp(t.Item1.Item1, t.Item1.Item2, t.Item2.Item1, t.Item2.Item2))
            ),
            (
                5,
                Gen.Zip(
                        Gen.Zip(Gen.Choose(0, 6), Gen.Choose(1, 40_000)),
                        Gen.Zip(
                            Gen.Choose(0, 3),
                            Gen.Zip(Gen.Elements(false, false, true), Gen.Elements(false, false, false, true))
                        )
                    )
                    .Select(t =>
                        (Op)
                            new SaleOp(
                                t.Item1.Item1,
                                t.Item1.Item2,
                                t.Item2.Item1,
                                t.Item2.Item2.Item1,
                                t.Item2.Item2.Item2
                            )
                    )
            ),
            (2, Gen.Zip(Gen.Choose(0, 6), Gen.Elements(true, false)).Select(t => (Op)new ReviewOp(t.Item1, t.Item2))),
            (
                2,
                Gen.Zip(
                        Gen.Zip(Gen.Choose(0, 6), Gen.Choose(0, 3)),
                        Gen.OneOf(Gen.Constant<int?>(null), Gen.Choose(1, 20_000).Select(c => (int?)c))
                    )
                    .Select(t => (Op)new RefundOp(t.Item1.Item1, t.Item1.Item2, t.Item2))
            ),
            (
                1,
                Gen.Zip(Gen.Choose(0, 2), Gen.Elements(-500, 250, 1_999))
                    .Select(t => (Op)new AdjustOp(t.Item1, t.Item2))
            ),
            (2, Gen.Constant<Op>(new ApproveOp())),
            (2, Gen.Elements(true, false).Select(p => (Op)new PayoutOp(p))),
            (4, Gen.Elements(1, 30, 60 * 7, 60 * 24, 60 * 24 * 9).Select(m => (Op)new AdvanceOp(m)))
        );

    /// <summary>How many random sequences to run (a real database runs fewer).</summary>
    protected virtual int Cases => 1000;

    /// <summary>Starts the library over a fresh, empty store at <paramref name="start"/>.</summary>
    protected abstract Task<IReadSideHost> StartAsync(Instant start, Action<AffiliateOptions> configure);

    [Fact]
    public void Read_Side_Meets_Specification() =>
        Check.One(
            Config.QuickThrowOnFailure.WithMaxTest(Cases).WithQuietOnSuccess(true),
            Prop.ForAll(Gen.Choose(1, 40).SelectMany(n => Gen.ArrayOf(Ops, n)).ToArbitrary(), ops =>
                Task.Run(() => RunAsync(ops)).GetAwaiter().GetResult()
            )
        );

    private async Task<bool> RunAsync(Op[] ops)
    {
        var standard = SpecData.TenPercentPlan();
        var plan = standard with
        {
            Versions =
            [
                standard.Versions[0] with
                {
                    MultiLevel = new MultiLevelPolicy
                    {
                        Levels = [new(2, CommissionRate.Percent(2)), new(3, CommissionRate.Percent(1))],
                    },
                },
            ],
        };
        await using var host = await StartAsync(Instant.FromUtc(2026, 1, 31, 22, 0), o =>
        {
            o.Plan = plan;
            o.TimeZone = "America/New_York";
            o.HoldPeriod = Duration.FromDays(5);
            o.AttributionModel = AttributionModel.Linear;
            o.IpHashKey = "read-side-ip-hash-key-0123456789";
        });
        var services = host.Services;
        var partners = services.GetRequiredService<PartnerDirectory>();
        var clicks = services.GetRequiredService<ClickTracker>();
        var conversions = services.GetRequiredService<ConversionRecorder>();
        var ledger = services.GetRequiredService<CommissionLedger>();
        var payouts = services.GetRequiredService<PayoutProcessor>();
        string? sponsor = null;
        foreach (var id in PartnerIds)
        {
            var application = new PartnerApplication
            {
                Id = new PartnerId(id),
                Name = id,
                ReferralCodes = [id.ToUpperInvariant() + "10"],
                SponsorCode = sponsor,
                AutoApprove = true,
            };
            (await partners.RegisterAsync(application)).GetValueOrThrow();
            sponsor = id.ToUpperInvariant() + "10";
        }

        var adjustments = 0;
        foreach (var op in ops)
        {
            switch (op)
            {
                case ClickOp click:
                    host.Advance(Duration.FromMinutes(1));
                    await clicks.RecordAsync(
                        new ClickRequest
                        {
                            ReferralCode = PartnerIds[click.Partner].ToUpperInvariant() + "10",
                            VisitorId = $"v{click.Visitor}",
                            IpAddress = $"203.0.113.{click.Visitor}",
                            SubIds = click.Sub == 0 ? [] : [$"s{click.Sub}", "", $"third-{click.Sub}"],
                            LinkId = click.Link ? "spring" : null,
                        }
                    );
                    break;
                case SaleOp sale:
                    if (!sale.Fast)
                    {
                        host.Advance(Duration.FromMinutes(3));
                    }

                    var facts = ConversionFacts.Sale(
                        new ConversionId($"order-{sale.Order}"),
                        host.Now,
                        Money.Of(sale.Cents / 100m, "EUR")
                    ) with
                    {
                        CouponCode = sale.Coupon ? "CLEO10" : null,
                    };
                    await conversions.RecordAsync(
                        new ConversionRequest { Facts = facts, VisitorId = $"v{sale.Visitor}" }
                    );
                    break;
                case ReviewOp review:
                    await ledger.ReviewAsync(
                        null,
                        new ConversionId($"order-{review.Order}"),
                        new ReviewDecision(review.Approve, "checked", "ops")
                    );
                    break;
                case RefundOp refund:
                    await conversions.RefundAsync(
                        new RefundRequest
                        {
                            ConversionId = new ConversionId($"order-{refund.Order}"),
                            RefundId = $"refund-{refund.Refund}",
                            Amount = refund.Cents is { } cents ? Money.Of(cents / 100m, "EUR") : null,
                        }
                    );
                    break;
                case AdjustOp adjust:
                    await ledger.AdjustAsync(
                        null,
                        new AdjustmentRequest
                        {
                            AdjustmentId = $"adjustment-{++adjustments}",
                            PartnerId = new PartnerId(PartnerIds[adjust.Partner]),
                            Kind = AdjustmentKind.Correction,
                            Amount = Money.Of(adjust.Cents / 100m, "EUR"),
                            Reason = "goodwill",
                        }
                    );
                    break;
                case ApproveOp:
                    await ledger.ApproveDueAsync();
                    break;
                case PayoutOp payout:
                    foreach (var created in (await payouts.CreatePayoutsAsync()).GetValueOrThrow().Payouts)
                    {
                        _ = payout.Pay
                            ? await payouts.MarkPaidAsync(created.Id, "tx")
                            : await payouts.MarkFailedAsync(created.Id, "bank said no");
                    }

                    break;
                case AdvanceOp advance:
                    host.Advance(Duration.FromMinutes(advance.Minutes));
                    break;
            }
        }

        var difference = await ReadSideOracle.DifferenceAsync(
            services,
            PartnerIds,
            new LocalDate(2026, 1, 1),
            new LocalDate(2026, 6, 1)
        );
        return difference is null ? true : throw new InvalidOperationException(difference);
    }
}
