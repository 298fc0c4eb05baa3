using System.Text;
using Affiliate.Stores;
using Affiliate.Stores.Specification.ReadSide;
using Microsoft.Extensions.DependencyInjection;

namespace Affiliate.Stores.Specification;

/// <summary>
/// Bad input sent through the public services (as an HTTP layer would pass on a body) answers the same stable code on
/// every store and writes nothing: no row, no rollup, no outbox event. Programming errors (a <c>default(...)</c> id
/// passed as an argument) throw <see cref="ArgumentException"/>. Free text from request headers is cleaned and cut,
/// the same on every store.
/// </summary>
public abstract class BadInputSpecification
{
    private static readonly ProgramId Program = new("default");
    private static readonly PartnerId Anna = new("anna");
    private static readonly string Nul = "a\0b";
    private static readonly string FourKilobytes = new('v', 4096);
    private static readonly string TenMegabytes = new('r', 10 * 1024 * 1024);

    /// <summary>Starts the library over a fresh, empty store at <paramref name="start"/>.</summary>
    protected abstract Task<IReadSideHost> StartAsync(Instant start, Action<AffiliateOptions> configure);

    [Fact]
    public async Task Bad_clicks_answer_the_same_code_on_every_store_and_write_nothing()
    {
        await using var host = await StartWithASaleAsync();
        var clicks = host.Services.GetRequiredService<ClickTracker>();
        ClickRequest Click(Func<ClickRequest, ClickRequest> change) =>
            change(
                new ClickRequest
                {
                    ReferralCode = "ANNA",
                    VisitorId = "visitor-2",
                    UserAgent = "Mozilla/5.0",
                }
            );

        await ExpectAsync(
            host,
            [
                ("visitor id with NUL", AffiliateErrorCodes.InvalidRequest, () =>
                    Code(clicks.RecordAsync(Click(c => c with { VisitorId = Nul })))
                ),
                ("visitor id of 4 KB", AffiliateErrorCodes.InvalidRequest, () =>
                    Code(clicks.RecordAsync(Click(c => c with { VisitorId = FourKilobytes })))
                ),
                ("link id with NUL", AffiliateErrorCodes.InvalidRequest, () =>
                    Code(clicks.RecordAsync(Click(c => c with { LinkId = Nul })))
                ),
                ("null sub-ids", AffiliateErrorCodes.InvalidRequest, () =>
                    Code(clicks.RecordAsync(Click(c => c with { SubIds = null! })))
                ),
                ("sub-id with NUL", AffiliateErrorCodes.InvalidRequest, () =>
                    Code(clicks.RecordAsync(Click(c => c with { SubIds = [Nul] })))
                ),
                ("country of 4 KB", AffiliateErrorCodes.InvalidRequest, () =>
                    Code(clicks.RecordAsync(Click(c => c with { Country = FourKilobytes })))
                ),
                ("default click id", AffiliateErrorCodes.InvalidRequest, () =>
                    Code(clicks.RecordAsync(Click(c => c with { ClickId = default(ClickId) })))
                ),
                ("Instant.MaxValue", AffiliateErrorCodes.InstantOutOfRange, () =>
                    Code(clicks.RecordAsync(Click(c => c with { OccurredAt = Instant.MaxValue })))
                ),
                ("Instant.MinValue", AffiliateErrorCodes.InstantOutOfRange, () =>
                    Code(clicks.RecordAsync(Click(c => c with { OccurredAt = Instant.MinValue })))
                ),
                ("year 9999", AffiliateErrorCodes.InstantOutOfRange, () =>
                    Code(clicks.RecordAsync(Click(c => c with { OccurredAt = Instant.FromUtc(9999, 12, 31, 0, 0) })))
                ),
                ("null referral code", AffiliateErrorCodes.UnknownReferralCode, () =>
                    Code(clicks.RecordAsync(Click(c => c with { ReferralCode = null! })))
                ),
                ("referral code of 10 MB", AffiliateErrorCodes.UnknownReferralCode, () =>
                    Code(clicks.RecordAsync(Click(c => c with { ReferralCode = TenMegabytes })))
                ),
            ]
        );
    }

    [Fact]
    public async Task Bad_sales_answer_the_same_code_on_every_store_and_write_nothing()
    {
        await using var host = await StartWithASaleAsync();
        var recorder = host.Services.GetRequiredService<ConversionRecorder>();
        var now = host.Now;
        ConversionRequest Sale(
            Func<ConversionFacts, ConversionFacts> facts,
            Func<ConversionRequest, ConversionRequest>? request = null
        ) =>
            (request ?? (r => r))(
                new ConversionRequest
                {
                    Facts = facts(ConversionFacts.Sale(new ConversionId("order-2"), now, Money.Of(50m, "EUR"))),
                    VisitorId = "visitor-1",
                }
            );
        Task<string> Record(ConversionRequest request) => Code(recorder.RecordAsync(request));
        LineItem Item(decimal price, int quantity) =>
            new()
            {
                ProductId = "sku",
                UnitPrice = Money.Of(price, "EUR"),
                Quantity = quantity,
            };

        await ExpectAsync(
            host,
            [
                ("null facts", AffiliateErrorCodes.InvalidRequest, () =>
                    Record(Sale(f => f, r => r with { Facts = null! }))
                ),
                ("default conversion id", AffiliateErrorCodes.InvalidRequest, () =>
                    Record(Sale(f => f with { Id = default }))
                ),
                ("null items", AffiliateErrorCodes.InvalidRequest, () =>
                    Record(Sale(f => f with { Items = null!, Amount = null }))
                ),
                ("undefined kind", AffiliateErrorCodes.InvalidRequest, () =>
                    Record(Sale(f => f with { Kind = (ConversionKind)99 }))
                ),
                ("1e17 EUR", AffiliateErrorCodes.AmountOutOfRange, () =>
                    Record(Sale(f => f with { Amount = Money.Of(1e17m, "EUR") }))
                ),
                ("decimal.MaxValue", AffiliateErrorCodes.AmountOutOfRange, () =>
                    Record(Sale(f => f with { Amount = Money.Of(decimal.MaxValue, "EUR") }))
                ),
                ("shipping of decimal.MaxValue", AffiliateErrorCodes.AmountOutOfRange, () =>
                    Record(Sale(f => f with { Shipping = Money.Of(decimal.MaxValue, "EUR") }))
                ),
                ("huge quantity", AffiliateErrorCodes.AmountOutOfRange, () =>
                    Record(Sale(f => f with { Amount = null, Items = [Item(10m, int.MaxValue)] }))
                ),
                ("price times quantity", AffiliateErrorCodes.AmountOutOfRange, () =>
                    Record(Sale(f => f with { Amount = null, Items = [Item(1e12m, 1_000_000)] }))
                ),
                ("items summing past the range", AffiliateErrorCodes.AmountOutOfRange, () =>
                    Record(Sale(f => f with { Amount = null, Items = [Item(9e12m, 1), Item(9e12m, 1)] }))
                ),
                ("Instant.MaxValue", AffiliateErrorCodes.InstantOutOfRange, () =>
                    Record(Sale(f => f with { OccurredAt = Instant.MaxValue }))
                ),
                ("Instant.MinValue", AffiliateErrorCodes.InstantOutOfRange, () =>
                    Record(Sale(f => f with { OccurredAt = Instant.MinValue }))
                ),
                ("year 9999", AffiliateErrorCodes.InstantOutOfRange, () =>
                    Record(Sale(f => f with { OccurredAt = Instant.FromUtc(9999, 12, 31, 0, 0) }))
                ),
                ("visitor id with NUL", AffiliateErrorCodes.InvalidRequest, () =>
                    Record(Sale(f => f, r => r with { VisitorId = Nul }))
                ),
                ("visitor id of 4 KB", AffiliateErrorCodes.InvalidRequest, () =>
                    Record(Sale(f => f, r => r with { VisitorId = FourKilobytes }))
                ),
                ("default customer id", AffiliateErrorCodes.InvalidRequest, () =>
                    Record(Sale(f => f, r => r with { CustomerId = default(CustomerId) }))
                ),
                ("coupon code with NUL", AffiliateErrorCodes.InvalidRequest, () =>
                    Record(Sale(f => f with { CouponCode = Nul }))
                ),
                ("product id of 4 KB", AffiliateErrorCodes.InvalidRequest, () =>
                    Record(
                        Sale(f => f with { Amount = null, Items = [Item(10m, 1) with { ProductId = FourKilobytes }] })
                    )
                ),
                ("null categories", AffiliateErrorCodes.InvalidRequest, () =>
                    Record(Sale(f => f with { Amount = null, Items = [Item(10m, 1) with { Categories = null! }] }))
                ),
                ("subscription id with NUL", AffiliateErrorCodes.InvalidRequest, () =>
                    Record(Sale(f => f with { Subscription = new SubscriptionFacts(Nul, 1, now) }))
                ),
            ]
        );
    }

    [Fact]
    public async Task Bad_refunds_answer_the_same_code_on_every_store_and_write_nothing()
    {
        await using var host = await StartWithASaleAsync();
        var recorder = host.Services.GetRequiredService<ConversionRecorder>();
        var now = host.Now;
        Task<string> Refund(Func<RefundRequest, RefundRequest> change) =>
            Code(
                recorder.RefundAsync(
                    change(
                        new RefundRequest
                        {
                            ConversionId = new ConversionId("order-1"),
                            RefundId = "refund-1",
                            Amount = Money.Of(10m, "EUR"),
                        }
                    )
                )
            );

        await ExpectAsync(
            host,
            [
                ("refund id of 10 MB", AffiliateErrorCodes.InvalidRequest, () =>
                    Refund(r => r with { RefundId = TenMegabytes })
                ),
                ("refund id with NUL", AffiliateErrorCodes.InvalidRequest, () =>
                    Refund(r => r with { RefundId = Nul })
                ),
                ("null refund id", AffiliateErrorCodes.InvalidRequest, () => Refund(r => r with { RefundId = null! })),
                ("reason with NUL", AffiliateErrorCodes.InvalidRequest, () => Refund(r => r with { Reason = Nul })),
                ("reason of 10 MB", AffiliateErrorCodes.InvalidRequest, () =>
                    Refund(r => r with { Reason = TenMegabytes })
                ),
                ("default conversion id", AffiliateErrorCodes.InvalidRequest, () =>
                    Refund(r => r with { ConversionId = default })
                ),
                ("undefined kind", AffiliateErrorCodes.InvalidRequest, () =>
                    Refund(r => r with { Kind = (RefundKind)42 })
                ),
                ("1e17 EUR", AffiliateErrorCodes.AmountOutOfRange, () =>
                    Refund(r => r with { Amount = Money.Of(1e17m, "EUR") })
                ),
                ("decimal.MaxValue", AffiliateErrorCodes.AmountOutOfRange, () =>
                    Refund(r => r with { Amount = Money.Of(decimal.MaxValue, "EUR") })
                ),
                ("less than a cent", AffiliateErrorCodes.InvalidRequest, () =>
                    Refund(r => r with { Amount = Money.Of(0.004m, "EUR") })
                ),
                ("dated before its order", AffiliateErrorCodes.InstantOutOfRange, () =>
                    Refund(r => r with { OccurredAt = now - Duration.FromMinutes(1) })
                ),
                ("Instant.MaxValue", AffiliateErrorCodes.InstantOutOfRange, () =>
                    Refund(r => r with { OccurredAt = Instant.MaxValue })
                ),
                ("more than the sale", AffiliateErrorCodes.RefundExceedsSale, () =>
                    Refund(r => r with { Amount = Money.Of(100.01m, "EUR") })
                ),
            ]
        );
    }

    [Fact]
    public async Task Bad_partner_ledger_and_payout_requests_answer_the_same_code_on_every_store_and_write_nothing()
    {
        await using var host = await StartWithASaleAsync();
        var partners = host.Services.GetRequiredService<PartnerDirectory>();
        var ledger = host.Services.GetRequiredService<CommissionLedger>();
        var payouts = host.Services.GetRequiredService<PayoutProcessor>();
        var payout = new PayoutId("payout-1");
        Task<string> Register(Func<PartnerApplication, PartnerApplication> change) =>
            Code(
                partners.RegisterAsync(
                    change(
                        new PartnerApplication
                        {
                            Id = new PartnerId("ben"),
                            Name = "Ben",
                            ReferralCodes = ["BEN"],
                        }
                    )
                )
            );

        await ExpectAsync(
            host,
            [
                ("null referral codes", AffiliateErrorCodes.InvalidRequest, () =>
                    Register(a => a with { ReferralCodes = null! })
                ),
                ("name with NUL", AffiliateErrorCodes.InvalidRequest, () => Register(a => a with { Name = Nul })),
                ("name of 4 KB", AffiliateErrorCodes.InvalidRequest, () =>
                    Register(a => a with { Name = FourKilobytes })
                ),
                ("e-mail with NUL", AffiliateErrorCodes.InvalidRequest, () => Register(a => a with { Email = Nul })),
                ("default partner id", AffiliateErrorCodes.InvalidRequest, () =>
                    Register(a => a with { Id = default(PartnerId) })
                ),
                ("status reason with NUL", AffiliateErrorCodes.InvalidRequest, () =>
                    Code(partners.ChangeStatusAsync(Anna, PartnerStatus.Suspended, Nul))
                ),
                ("segment with NUL", AffiliateErrorCodes.InvalidRequest, () =>
                    Register(a => a with { Segment = new PartnerSegment(Nul) })
                ),
                ("tier of 4 KB", AffiliateErrorCodes.InvalidRequest, () =>
                    Code(partners.SetTierAsync(Anna, new PartnerTier(FourKilobytes)))
                ),
                ("undefined status", AffiliateErrorCodes.InvalidRequest, () =>
                    Code(partners.ChangeStatusAsync(Anna, (PartnerStatus)77))
                ),
                ("adjustment of 1e17 EUR", AffiliateErrorCodes.AmountOutOfRange, () =>
                    Code(ledger.AdjustAsync(null, Adjustment(Anna, 1e17m, "bonus")))
                ),
                ("adjustment of -decimal.MaxValue", AffiliateErrorCodes.AmountOutOfRange, () =>
                    Code(ledger.AdjustAsync(null, Adjustment(Anna, decimal.MinValue, "penalty")))
                ),
                ("adjustment reason with NUL", AffiliateErrorCodes.InvalidRequest, () =>
                    Code(ledger.AdjustAsync(null, Adjustment(Anna, 5m, Nul)))
                ),
                ("adjustment id with NUL", AffiliateErrorCodes.InvalidRequest, () =>
                    Code(ledger.AdjustAsync(null, Adjustment(Anna, 5m, "bonus") with { AdjustmentId = Nul }))
                ),
                ("adjustment for a default partner id", AffiliateErrorCodes.InvalidRequest, () =>
                    Code(ledger.AdjustAsync(null, Adjustment(default, 5m, "bonus")))
                ),
                ("review reason with NUL", AffiliateErrorCodes.InvalidRequest, () =>
                    Code(ledger.ReviewAsync(null, new ConversionId("order-1"), new ReviewDecision(true, Nul, "admin")))
                ),
                ("payout reference with NUL", AffiliateErrorCodes.InvalidRequest, () =>
                    Code(payouts.MarkPaidAsync(payout, Nul))
                ),
                ("payout reference of 10 MB", AffiliateErrorCodes.InvalidRequest, () =>
                    Code(payouts.MarkPaidAsync(payout, TenMegabytes))
                ),
                ("failure reason with NUL", AffiliateErrorCodes.InvalidRequest, () =>
                    Code(payouts.MarkFailedAsync(payout, Nul))
                ),
            ]
        );
    }

    [Fact]
    public async Task Default_ids_passed_as_arguments_throw_ArgumentException_and_write_nothing()
    {
        await using var host = await StartWithASaleAsync();
        var services = host.Services;
        var before = await SnapshotAsync(host);
        PartnerId none = default;
        var partners = services.GetRequiredService<PartnerDirectory>();
        var ledger = services.GetRequiredService<CommissionLedger>();
        var payouts = services.GetRequiredService<PayoutProcessor>();
        var march = new ReportPeriod(new LocalDate(2026, 3, 1), new LocalDate(2026, 4, 1));
        Func<Task>[] calls =
        [
            () => partners.ChangeStatusAsync(none, PartnerStatus.Suspended).AsTask(),
            () => partners.AddReferralCodeAsync(none, "NEW").AsTask(),
            () => partners.FindAsync(none).AsTask(),
            () => ledger.BalancesAsync(none).AsTask(),
            () => ledger.ReviewAsync(null, default, new ReviewDecision(true, "ok", "admin")).AsTask(),
            () => payouts.MarkPaidAsync(default, "transfer-1").AsTask(),
            () => payouts.StatementAsync(default).AsTask(),
            () => services.GetRequiredService<AffiliateReports>().PartnerAsync(none, march).AsTask(),
        ];
        foreach (var call in calls)
        {
            await Assert.ThrowsAnyAsync<ArgumentException>(call);
        }

        Assert.Equal(before, await SnapshotAsync(host));
    }

    [Fact]
    public async Task Header_text_is_cleaned_and_cut_the_same_on_every_store_and_a_sale_is_priced_on_what_is_stored()
    {
        await using var host = await StartWithASaleAsync();
        var clicks = host.Services.GetRequiredService<ClickTracker>();
        var touches = host.Services.GetRequiredService<ITouchStore>();
        var recorded = (
            await clicks.RecordAsync(
                new ClickRequest
                {
                    ClickId = new ClickId("click-long"),
                    ReferralCode = "ANNA",
                    VisitorId = "visitor-3",
                    UserAgent = "Mozilla/5.0\0" + new string('u', 10_000),
                    Referrer = "https://example.com/\0" + new string('p', 10_000),
                    LandingUrl = "https://shop.example/\n" + new string('l', 10_000),
                }
            )
        ).GetValueOrThrow();
        var stored = await touches.FindClickAsync(Program, recorded.Id, default);
        Assert.NotNull(stored);
        Assert.Equal(InputLimits.MaxUserAgentLength, stored.UserAgent!.Length);
        Assert.StartsWith("Mozilla/5.0u", stored.UserAgent, StringComparison.Ordinal);
        Assert.Equal(InputLimits.MaxUrlLength, stored.Referrer!.Length);
        Assert.Equal(InputLimits.MaxUrlLength, stored.LandingUrl!.Length);
        Assert.DoesNotContain(stored.LandingUrl, char.IsControl);

        // 100.005 EUR is rounded (away from zero) to 100.01 before pricing: the line is 10% of what is stored.
        var sale = (
            await host
                .Services.GetRequiredService<ConversionRecorder>()
                .RecordAsync(
                    new ConversionRequest
                    {
                        Facts = ConversionFacts.Sale(
                            new ConversionId("order-fine"),
                            host.Now,
                            Money.Of(100.005m, "EUR")
                        ),
                        VisitorId = "visitor-1",
                    }
                )
        ).GetValueOrThrow();
        var conversion = await host
            .Services.GetRequiredService<IConversionStore>()
            .FindAsync(Program, new ConversionId("order-fine"), default);
        Assert.Equal(Money.Of(100.01m, "EUR"), conversion!.Amount);
        Assert.Equal(Money.Of(10.00m, "EUR"), Assert.Single(sale.Lines).Amount);
        Assert.Equal(ConversionDisposition.Credited, sale.Disposition);
    }

    [Fact]
    public async Task A_click_without_a_user_agent_is_stored_with_a_warning_that_it_can_never_be_credited()
    {
        await using var host = await StartWithASaleAsync();
        var result = await host
            .Services.GetRequiredService<ClickTracker>()
            .RecordAsync(new ClickRequest { ReferralCode = "ANNA", VisitorId = "visitor-4" });

        Assert.True(result.Succeeded, result.ToString());
        Assert.False(result.Value.Attributable);
        var warning = Assert.Single(result.Warnings);
        Assert.Equal(AffiliateWarningCodes.ClickNotAttributable, warning.Code);
        Assert.Contains("user agent", warning.Description, StringComparison.Ordinal);
    }

    /// <summary>Sends each bad request and checks its code and that the stores are exactly as before it.</summary>
    private static async Task ExpectAsync(
        IReadSideHost host,
        (string Name, string Code, Func<Task<string>> Send)[] cases
    )
    {
        var before = await SnapshotAsync(host);
        foreach (var (name, code, send) in cases)
        {
            Assert.Equal((name, code), (name, await send()));
            Assert.Equal((name, before), (name, await SnapshotAsync(host)));
        }
    }

    private static async Task<string> Code<T>(ValueTask<AffiliateResult<T>> pending)
    {
        var result = await pending;
        Assert.False(result.Succeeded, result.ToString());
        return result.Error.Code;
    }

    /// <summary>A partner, one click and one attributed sale of 100 EUR, each through the services.</summary>
    private async Task<IReadSideHost> StartWithASaleAsync()
    {
        var host = await StartAsync(Instant.FromUtc(2026, 3, 10, 12, 0), o =>
        {
            o.Plan = SpecData.TenPercentPlan();
            o.IpHashKey = "bad-input-ip-hash-key-0123456789";
        });
        var services = host.Services;
        (
            await services
                .GetRequiredService<PartnerDirectory>()
                .RegisterAsync(
                    new PartnerApplication
                    {
                        Id = Anna,
                        Name = "Anna",
                        ReferralCodes = ["ANNA"],
                        AutoApprove = true,
                    }
                )
        ).GetValueOrThrow();
        (
            await services
                .GetRequiredService<ClickTracker>()
                .RecordAsync(
                    new ClickRequest
                    {
                        ReferralCode = "ANNA",
                        VisitorId = "visitor-1",
                        UserAgent = "Mozilla/5.0",
                    }
                )
        ).GetValueOrThrow();
        host.Advance(Duration.FromMinutes(30));
        var sale = (
            await services
                .GetRequiredService<ConversionRecorder>()
                .RecordAsync(
                    new ConversionRequest
                    {
                        Facts = ConversionFacts.Sale(new ConversionId("order-1"), host.Now, Money.Of(100m, "EUR")),
                        VisitorId = "visitor-1",
                    }
                )
        ).GetValueOrThrow();
        Assert.Equal(ConversionDisposition.Credited, sale.Disposition);
        return host;
    }

    /// <summary>Everything a write could change, as text: rows, versions, rollups, balances and the outbox.</summary>
    private static async Task<string> SnapshotAsync(IReadSideHost host)
    {
        var services = host.Services;
        var text = new StringBuilder();
        var partners = await services
            .GetRequiredService<IPartnerStore>()
            .QueryAsync(new PartnerQuery { Take = 1000 }, default);
        text.AppendJoin(',', partners.Select(p => $"{p.Id}@{p.Version}:{p.Status}:{string.Join('/', p.ReferralCodes)}"))
            .AppendLine();
        var clicks = await services
            .GetRequiredService<ITouchStore>()
            .CountClicksAsync(
                new ClickQuery
                {
                    ProgramId = Program,
                    From = Instant.MinValue,
                    Until = Instant.MaxValue,
                },
                default
            );
        text.Append(clicks).AppendLine();
        await foreach (
            var c in services
                .GetRequiredService<IConversionStore>()
                .QueryAsync(
                    new ConversionQuery
                    {
                        ProgramId = Program,
                        From = Instant.MinValue,
                        Until = Instant.MaxValue,
                    },
                    default
                )
        )
        {
            text.Append($"{c.Id}@{c.Version}:{c.Status}:{c.Amount}:{c.Refunded};");
        }

        text.AppendLine();
        var lines = await services
            .GetRequiredService<ILedgerStore>()
            .QueryLinesAsync(new LineQuery { ProgramId = Program }, default);
        text.AppendJoin(',', lines.Select(l => $"{l.Amount}@{l.Version}:{l.State}")).AppendLine();
        var stats = await services
            .GetRequiredService<IRollupStore>()
            .StatsAsync(
                new StatsQuery
                {
                    ProgramId = Program,
                    From = new LocalDate(1900, 1, 1),
                    Until = new LocalDate(2200, 1, 1),
                    GroupBy = StatsGrouping.Partner,
                },
                default
            );
        text.AppendJoin(',', stats.Select(s => $"{s.PartnerId}:{s.Counters}")).AppendLine();
        var balances = await services.GetRequiredService<IRollupStore>().BalancesAsync(Anna, null, default);
        text.AppendJoin(',', balances.Select(b => b.Counters)).AppendLine();
        var outbox = await services.GetRequiredService<IOutboxStore>().PendingAsync(10_000, default);
        text.Append("outbox ").Append(outbox.Count);
        return text.ToString();
    }

    private static AdjustmentRequest Adjustment(PartnerId partner, decimal amount, string reason) =>
        new()
        {
            AdjustmentId = "adj-1",
            PartnerId = partner,
            Kind = AdjustmentKind.Correction,
            Amount = Money.Of(amount, "EUR"),
            Reason = reason,
        };
}
