using System.Diagnostics;
using Affiliate.EntityFrameworkCore;
using Affiliate.Stores;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Affiliate.EntityFrameworkCore.Tests.MultiInstance;

/// <summary>
/// The races every multi-instance store must win, written once and run on PostgreSQL and on a shared SQLite file.
/// Each starts its racers together (see <see cref="Fleet.RaceAsync{T}(int, Func{int, IServiceProvider, Task{T}})"/>),
/// then checks the answers AND the rows and outbox events in the database.
/// </summary>
internal static class Races
{
    private const string ConversionRecordedType = "conversion.recorded";

    /// <summary>
    /// The same order (same id, same content) delivered <paramref name="deliveries"/> times at once, in
    /// <paramref name="rounds"/> rounds of new orders: one delivery records it, the others answer AlreadyRecorded with
    /// the same lines, and the database holds one conversion, the lines of one pricing and one conversion.recorded
    /// event.
    /// </summary>
    public static async Task SameOrderDeliveredConcurrentlyAsync(
        Fleet fleet,
        ITestOutputHelper output,
        int rounds,
        int deliveries = 10
    )
    {
        await fleet.RegisterPartnersAsync("anna");
        await fleet.WarmUpAsync();
        var orders = new List<(string Id, ConversionOutcome Winner)>();
        for (var round = 0; round < rounds; round++)
        {
            var orderId = $"order-{round}";
            var request = fleet.Sale(orderId, 123.45m + round, Fleet.CodeOf("anna"));
            var results = await TimedAsync(fleet, output, $"{deliveries} deliveries of {orderId}", () =>
                fleet.RaceAsync<ConversionRecorder, AffiliateResult<ConversionOutcome>>(deliveries, (_, recorder) =>
                    recorder.RecordAsync(request).AsTask()
                )
            );

            Assert.All(results, r => Assert.True(r.Succeeded, r.ToString()));
            var winner = Assert.Single(results, r => !r.AlreadyRecorded).Value!;
            var line = Assert.Single(winner.Lines);
            Assert.Equal(
                Money.Of(decimal.Round((123.45m + round) / 10m, 2, MidpointRounding.AwayFromZero), "EUR"),
                line.Amount
            );
            Assert.All(results, r => Assert.Equal(Ids(winner.Lines), Ids(r.Value!.Lines)));
            orders.Add((orderId, winner));
        }

        await using var db = fleet.NewContext();
        var events = await fleet.EventsAsync();
        foreach (var (orderId, winner) in orders)
        {
            Assert.Equal(1, await db.Set<ConversionRow>().CountAsync(c => c.Id == orderId));
            Assert.Equal(1, await db.Set<ConversionPartnerRow>().CountAsync(c => c.ConversionId == orderId));
            var lines = await db.Set<CommissionLineRow>()
                .Where(l => l.ConversionId == orderId)
                .Select(l => l.Id)
                .ToListAsync();
            Assert.Equal(
                winner.Lines.Select(l => l.Id.Value).Order(StringComparer.Ordinal),
                lines.Order(StringComparer.Ordinal)
            );
            Assert.Single(events.OfType<ConversionRecorded>(), e => e.ConversionId.Value == orderId);
            Assert.Equal(
                lines.Count,
                events.OfType<CommissionLineCreated>().Count(e => lines.Contains(e.LineId.Value))
            );
        }

        Assert.Equal(rounds, await db.Set<OutboxRow>().CountAsync(o => o.Type == ConversionRecordedType));
    }

    /// <summary>
    /// The same order id delivered at once with different content (another amount each time): one delivery records
    /// it, every other one fails with idempotency_conflict, and the database holds the winner's lines only.
    /// </summary>
    public static async Task SameOrderWithDifferentContentAsync(
        Fleet fleet,
        ITestOutputHelper output,
        int rounds,
        int deliveries = 10
    )
    {
        await fleet.RegisterPartnersAsync("anna");
        await fleet.WarmUpAsync();
        await using var db = fleet.NewContext();
        for (var round = 0; round < rounds; round++)
        {
            var orderId = $"order-{round}";
            var requests = Enumerable
                .Range(0, deliveries)
                .Select(i => fleet.Sale(orderId, 100m + i, Fleet.CodeOf("anna")))
                .ToArray();
            var results = await TimedAsync(fleet, output, $"{deliveries} different deliveries of {orderId}", () =>
                fleet.RaceAsync<ConversionRecorder, AffiliateResult<ConversionOutcome>>(deliveries, (i, recorder) =>
                    recorder.RecordAsync(requests[i]).AsTask()
                )
            );

            var winner = Assert.Single(results, r => r.Succeeded);
            Assert.False(winner.AlreadyRecorded);
            Assert.All(results.Where(r => !r.Succeeded), r =>
                Assert.Equal(AffiliateErrorCodes.IdempotencyConflict, r.Error!.Code)
            );
            var line = Assert.Single(winner.Value!.Lines);
            Assert.Equal(winner.Value.Conversion.Amount.Amount / 10m, line.Amount.Amount);

            var conversion = await db.Set<ConversionRow>().AsNoTracking().SingleAsync(c => c.Id == orderId);
            Assert.Equal(winner.Value.Conversion.Fingerprint, conversion.Fingerprint);
            var rows = await db.Set<CommissionLineRow>()
                .AsNoTracking()
                .Where(l => l.ConversionId == orderId)
                .ToListAsync();
            var row = Assert.Single(rows);
            Assert.Equal(line.Id.Value, row.Id);
            Assert.Equal(line.Amount.Amount * 100m, row.AmountMinor);
        }

        Assert.Equal(rounds, await db.Set<OutboxRow>().CountAsync(o => o.Type == ConversionRecordedType));
    }

    /// <summary>
    /// <paramref name="lineCount"/> lines past their hold period; ApproveDueAsync run at once on every instance,
    /// <paramref name="runsPerInstance"/> times each: the counts the runs return add up to the number of lines, every
    /// line is approved, and each has exactly one state change to Approved in the outbox.
    /// </summary>
    public static async Task ConcurrentApprovalsAsync(
        Fleet fleet,
        ITestOutputHelper output,
        int lineCount,
        int partnerCount,
        int runsPerInstance
    )
    {
        var lines = await SeedDueLinesAsync(fleet, output, lineCount, partnerCount);
        await fleet.WarmUpAsync();

        var runs = fleet.Instances.Count * runsPerInstance;
        var counts = await TimedAsync(fleet, output, $"{runs} concurrent ApproveDueAsync over {lineCount} lines", () =>
            fleet.RaceAsync<CommissionLedger, int>(runs, (_, ledger) => ledger.ApproveDueAsync().AsTask())
        );
        output.WriteLine($"approved per run: {string.Join(", ", counts)}");

        Assert.Equal(lineCount, counts.Sum());
        var stored = await fleet.LinesAsync();
        Assert.Equal(lineCount, stored.Count);
        Assert.All(stored, l => Assert.Equal(CommissionState.Approved, l.State));
        Assert.All(stored, l => Assert.Equal(2, l.Version));

        // One event per partner and batch; together they name every line once, with its amount.
        var approvals = (await fleet.EventsAsync()).OfType<CommissionsApproved>().ToArray();
        Assert.Equal(lineCount, approvals.Sum(e => e.Lines));
        foreach (var partner in stored.GroupBy(l => l.PartnerId))
        {
            var events = approvals.Where(e => e.PartnerId == partner.Key).ToArray();
            Assert.Equal(partner.Count(), events.Sum(e => e.Lines));
            Assert.Equal(partner.Sum(l => l.Amount.Amount), events.Sum(e => e.Amount.Amount));
        }

        Assert.Equal(Ids(lines), stored.Select(l => l.Id.Value).Order(StringComparer.Ordinal).ToArray());

        // Nothing is left for later runs.
        Assert.Equal(0, await fleet.Instances[^1].RunAsync<CommissionLedger, int>(l => l.ApproveDueAsync().AsTask()));
    }

    /// <summary>
    /// Approved lines of <paramref name="partnerCount"/> partners; CreatePayoutsAsync run at once on every instance,
    /// <paramref name="runsPerInstance"/> times each: every line lands in exactly one payout, each payout equals the
    /// sum of its lines and counts exactly the lines that point to it. Then every instance marks every payout paid at
    /// once (same reference): each is paid once (one payout.paid event) and all lines end paid.
    /// </summary>
    public static async Task ConcurrentPayoutsAsync(
        Fleet fleet,
        ITestOutputHelper output,
        int lineCount,
        int partnerCount,
        int runsPerInstance
    )
    {
        await SeedDueLinesAsync(fleet, output, lineCount, partnerCount);
        Assert.Equal(
            lineCount,
            await fleet.Instances[0].RunAsync<CommissionLedger, int>(l => l.ApproveDueAsync().AsTask())
        );
        await fleet.WarmUpAsync();

        var runs = fleet.Instances.Count * runsPerInstance;
        var created = await TimedAsync(
            fleet,
            output,
            $"{runs} concurrent CreatePayoutsAsync over {lineCount} lines of {partnerCount} partners",
            () =>
                fleet.RaceAsync<PayoutProcessor, IReadOnlyList<Payout>>(runs, async (_, processor) =>
                    (await processor.CreatePayoutsAsync()).GetValueOrThrow().Payouts
                )
        );
        output.WriteLine($"payouts per run: {string.Join(", ", created.Select(c => c.Count))}");

        var payouts = await fleet.PayoutsAsync();
        var lines = await fleet.LinesAsync();
        Assert.Equal(
            Ids(payouts),
            created.SelectMany(c => c).Select(p => p.Id.Value).Order(StringComparer.Ordinal).ToArray()
        );
        Assert.Equal(partnerCount, payouts.Count);
        Assert.Equal(partnerCount, payouts.Select(p => p.PartnerId).Distinct().Count());
        Assert.All(lines, l => Assert.NotNull(l.PayoutId));
        Assert.Equal(lineCount, payouts.Sum(p => p.LineCount));
        foreach (var payout in payouts)
        {
            // A line names one payout, so counting each payout's own lines counts every line once.
            var own = lines.Where(l => l.PayoutId == payout.Id).ToArray();
            Assert.Equal(payout.LineCount, own.Length);
            Assert.All(own, l => Assert.Equal(payout.PartnerId, l.PartnerId));
            Assert.Equal(payout.Amount, Money.Sum(own.Select(l => l.Amount), payout.Amount.Currency));
        }

        var createdEvents = (await fleet.EventsAsync()).OfType<PayoutCreated>().ToArray();
        Assert.Equal(Ids(payouts), createdEvents.Select(e => e.PayoutId.Value).Order(StringComparer.Ordinal).ToArray());

        // Every instance marks every payout paid, all at once.
        var instances = fleet.Instances.Count;
        var paid = await TimedAsync(
            fleet,
            output,
            $"{payouts.Count * instances} concurrent MarkPaidAsync ({instances} per payout)",
            () =>
                fleet.RaceAsync<PayoutProcessor, AffiliateResult<Payout>>(payouts.Count * instances, (i, processor) =>
                    processor.MarkPaidAsync(payouts[i / instances].Id, $"transfer-{payouts[i / instances].Id}").AsTask()
                )
        );

        Assert.All(paid, r => Assert.True(r.Succeeded, r.ToString()));
        foreach (
            var group in paid.Select((r, i) => (Result: r, Payout: payouts[i / instances])).GroupBy(x => x.Payout.Id)
        )
        {
            Assert.Single(group, x => !x.Result.AlreadyRecorded);
            Assert.All(group, x => Assert.Equal(PayoutStatus.Paid, x.Result.Value!.Status));
        }

        var events = await fleet.EventsAsync();
        var paidEvents = events.OfType<PayoutPaid>().ToArray();
        Assert.Equal(Ids(payouts), paidEvents.Select(e => e.PayoutId.Value).Order(StringComparer.Ordinal).ToArray());
        Assert.Equal(lineCount, events.OfType<CommissionsApproved>().Sum(e => e.Lines));

        var after = await fleet.PayoutsAsync();
        Assert.All(after, p => Assert.Equal(PayoutStatus.Paid, p.Status));
        Assert.All(after, p => Assert.Equal($"transfer-{p.Id}", p.ExternalReference));
        var paidLines = await fleet.LinesAsync();
        Assert.All(paidLines, l => Assert.Equal(CommissionState.Paid, l.State));
        Assert.All(paidLines, l => Assert.Equal(4, l.Version)); // created, approved, claimed, paid: one write each
    }

    /// <summary>
    /// One refund id delivered at once from every instance: recorded once, the conversion's refunded amount counts it
    /// once, and the lines are reversed once (a full refund moves the pending line to reversed with one state change;
    /// a partial one adds one negative line).
    /// </summary>
    public static async Task SameRefundDeliveredConcurrentlyAsync(
        Fleet fleet,
        ITestOutputHelper output,
        decimal? refundAmount,
        int deliveries = 12
    )
    {
        await fleet.RegisterPartnersAsync("anna");
        var sale = Assert.Single(await fleet.RecordSalesAsync([fleet.Sale("order-r", 100m, Fleet.CodeOf("anna"))]));
        var original = Assert.Single(sale.Lines);
        Assert.Equal(Money.Of(10m, "EUR"), original.Amount);
        await fleet.WarmUpAsync();

        var request = new RefundRequest
        {
            ConversionId = new ConversionId("order-r"),
            RefundId = "refund-1",
            Amount = refundAmount is { } a ? Money.Of(a, "EUR") : null,
            Reason = "customer returned the goods",
        };
        var results = await TimedAsync(fleet, output, $"{deliveries} deliveries of refund-1", () =>
            fleet.RaceAsync<ConversionRecorder, AffiliateResult<RefundOutcome>>(deliveries, (_, recorder) =>
                recorder.RefundAsync(request).AsTask()
            )
        );

        Assert.All(results, r => Assert.True(r.Succeeded, r.ToString()));
        var winner = Assert.Single(results, r => !r.AlreadyRecorded).Value!;
        var refunded = refundAmount ?? 100m;

        await using var db = fleet.NewContext();
        Assert.Equal(1, await db.Set<RefundRow>().CountAsync(r => r.ConversionId == "order-r"));
        var conversion = await db.Set<ConversionRow>().AsNoTracking().SingleAsync(c => c.Id == "order-r");
        Assert.Equal(refunded * 100m, conversion.RefundedMinor);
        Assert.Equal(2, conversion.Version);

        var events = await fleet.EventsAsync();
        Assert.Single(events.OfType<RefundRecorded>());
        var lines = await fleet.LinesAsync(new LineQuery { ConversionId = new ConversionId("order-r") });
        if (refundAmount is null)
        {
            Assert.Empty(winner.NewLines);
            var line = Assert.Single(lines);
            Assert.Equal(CommissionState.Reversed, line.State);
            Assert.Single(events.OfType<CommissionLineStateChanged>(), e => e.To == CommissionState.Reversed);
        }
        else
        {
            var reversal = Assert.Single(lines, l => l.Id != original.Id);
            Assert.Equal("refund-1", reversal.RefundId);
            Assert.Equal(-refundAmount.Value / 10m, reversal.Amount.Amount);
            Assert.Equal(CommissionState.Pending, lines.Single(l => l.Id == original.Id).State);
            Assert.Equal(Ids(winner.NewLines), Ids([reversal]));
            Assert.Equal(2, events.OfType<CommissionLineCreated>().Count());
        }

        Assert.All(results.Where(r => r.AlreadyRecorded), r =>
            Assert.Equal(Ids(winner.NewLines), Ids(r.Value!.NewLines))
        );
    }

    /// <summary>
    /// Distinct refunds of one order recorded at once from every instance: they wait for each other on the
    /// conversion instead of colliding on its version, so each either succeeds or (once the sale is used up) answers
    /// refund_exceeds_sale; none gives up with concurrency_conflict, and the refunded total is exact.
    /// </summary>
    public static async Task DistinctRefundsConcurrentlyAsync(
        Fleet fleet,
        ITestOutputHelper output,
        decimal refundAmount,
        int refunds = 8
    )
    {
        await fleet.RegisterPartnersAsync("anna");
        Assert.Single(await fleet.RecordSalesAsync([fleet.Sale("order-d", 100m, Fleet.CodeOf("anna"))]));
        await fleet.WarmUpAsync();

        var results = await TimedAsync(fleet, output, $"{refunds} distinct refunds of order-d", () =>
            fleet.RaceAsync<ConversionRecorder, AffiliateResult<RefundOutcome>>(refunds, (i, recorder) => recorder
                    .RefundAsync(
                        new RefundRequest
                        {
                            ConversionId = new ConversionId("order-d"),
                            RefundId = $"refund-{i}",
                            Amount = Money.Of(refundAmount, "EUR"),
                        }
                    )
                    .AsTask())
        );

        var fitting = (int)Math.Min(refunds, Math.Floor(100m / refundAmount));
        Assert.All(results, r =>
            Assert.True(r.Succeeded || r.Error.Code == AffiliateErrorCodes.RefundExceedsSale, r.ToString())
        );
        Assert.Equal(fitting, results.Count(r => r.Succeeded));

        await using var db = fleet.NewContext();
        Assert.Equal(fitting, await db.Set<RefundRow>().CountAsync(r => r.ConversionId == "order-d"));
        var conversion = await db.Set<ConversionRow>().AsNoTracking().SingleAsync(c => c.Id == "order-d");
        Assert.Equal(fitting * refundAmount * 100m, conversion.RefundedMinor);
        Assert.Equal(1 + fitting, conversion.Version);
        var lines = await fleet.LinesAsync(new LineQuery { ConversionId = new ConversionId("order-d") });
        Assert.Equal(-fitting * refundAmount / 10m, lines.Where(l => l.RefundId is not null).Sum(l => l.Amount.Amount));
    }

    /// <summary>
    /// Different partners registered at once on every instance, all asking for the same referral code, in
    /// <paramref name="rounds"/> rounds: one registration wins, the others fail with referral_code_taken and leave no
    /// partner behind; the code belongs to the winner.
    /// </summary>
    public static async Task ReferralCodeRaceAsync(Fleet fleet, ITestOutputHelper output, int rounds)
    {
        await fleet.WarmUpAsync();
        var racers = fleet.Instances.Count;
        await using var db = fleet.NewContext();
        for (var round = 0; round < rounds; round++)
        {
            var code = $"SHARED{round}";
            var results = await TimedAsync(fleet, output, $"{racers} registrations for {code}", () =>
                fleet.RaceAsync<PartnerDirectory, AffiliateResult<Partner>>(racers, (i, directory) => directory
                        .RegisterAsync(
                            new PartnerApplication
                            {
                                Id = new PartnerId($"round{round}-partner{i}"),
                                Name = $"Partner {i} of round {round}",
                                ReferralCodes = [code],
                                AutoApprove = true,
                            }
                        )
                        .AsTask())
            );

            var winner = Assert.Single(results, r => r.Succeeded).Value!;
            Assert.All(results.Where(r => !r.Succeeded), r =>
                Assert.Equal(AffiliateErrorCodes.ReferralCodeTaken, r.Error!.Code)
            );
            var owner = await db.Set<ReferralCodeRow>().AsNoTracking().SingleAsync(c => c.Normalized == code);
            Assert.Equal(winner.Id.Value, owner.PartnerId);
            var prefix = $"round{round}-";
            Assert.Equal(
                [winner.Id.Value],
                await db.Set<PartnerRow>().Where(p => p.Id.StartsWith(prefix)).Select(p => p.Id).ToListAsync()
            );
        }

        Assert.Equal(rounds, (await fleet.EventsAsync()).OfType<PartnerRegistered>().Count());
    }

    /// <summary>
    /// One click id (a postback's or a redirect's) delivered at once from every instance, in <paramref name="rounds"/>
    /// rounds. With the same content (the same explicit time), one delivery records it and the others answer
    /// AlreadyRecorded; with other content (the click's time differs by a second per delivery, as when each server
    /// stamps a redelivered postback with its own clock), one records it and the others fail with
    /// idempotency_conflict. Either way one row.
    /// </summary>
    public static async Task SameClickDeliveredConcurrentlyAsync(
        Fleet fleet,
        ITestOutputHelper output,
        bool sameContent,
        int rounds,
        int deliveries = 8
    )
    {
        await fleet.RegisterPartnersAsync("anna");
        await fleet.WarmUpAsync();
        await using var db = fleet.NewContext();
        for (var round = 0; round < rounds; round++)
        {
            var clickId = $"click-{round}";
            var at = fleet.Clock.Now;
            var results = await TimedAsync(
                fleet,
                output,
                $"{deliveries} deliveries of {clickId} ({(sameContent ? "same" : "different")} content)",
                () => fleet.RaceAsync<ClickTracker, AffiliateResult<Click>>(deliveries, (i, tracker) => tracker
                            .RecordAsync(
                                new ClickRequest
                                {
                                    ClickId = new ClickId(clickId),
                                    ReferralCode = Fleet.CodeOf("anna"),
                                    VisitorId = $"visitor-{round}",
                                    UserAgent = "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0",
                                    OccurredAt = sameContent ? at : at + Duration.FromSeconds(i),
                                }
                            )
                            .AsTask())
            );

            var rows = await db.Set<ClickRow>().AsNoTracking().Where(c => c.Id == clickId).ToListAsync();
            Assert.Single(rows);
            var winner = Assert.Single(results, r => r.Succeeded && !r.AlreadyRecorded).Value!;
            Assert.Equal(winner.OccurredAt.ToUnixTimeTicks(), rows[0].OccurredAt);
            if (sameContent)
            {
                Assert.All(results, r => Assert.True(r.Succeeded, r.ToString()));
            }
            else
            {
                Assert.All(results.Where(r => !r.Succeeded), r =>
                    Assert.Equal(AffiliateErrorCodes.IdempotencyConflict, r.Error!.Code)
                );
                Assert.Single(results, r => r.Succeeded);
            }

            fleet.Clock.Advance(Duration.FromMinutes(1));
        }
    }

    /// <summary>
    /// Records <paramref name="lineCount"/> sales (one line each) for <paramref name="partnerCount"/> partners and
    /// moves the clock past their hold period.
    /// </summary>
    private static async Task<IReadOnlyList<CommissionLine>> SeedDueLinesAsync(
        Fleet fleet,
        ITestOutputHelper output,
        int lineCount,
        int partnerCount
    )
    {
        var partners = await fleet.RegisterPartnersAsync([
            .. Enumerable.Range(1, partnerCount).Select(i => $"partner{i}"),
        ]);
        var sales = Enumerable
            .Range(0, lineCount)
            .Select(i => fleet.Sale($"order-{i:D4}", 20m + (i % 17), Fleet.CodeOf(partners[i % partnerCount].Id.Value)))
            .ToArray();
        var outcomes = await TimedAsync(fleet, output, $"seeding {lineCount} sales", () =>
            fleet.RecordSalesAsync(sales)
        );
        var lines = outcomes.SelectMany(o => o.Lines).ToArray();
        Assert.Equal(lineCount, lines.Length);
        Assert.All(lines, l => Assert.Equal(CommissionState.Pending, l.State));

        fleet.Clock.Advance(Duration.FromDays(31));
        return lines;
    }

    private static string[] Ids(IEnumerable<CommissionLine> lines) =>
        [.. lines.Select(l => l.Id.Value).Order(StringComparer.Ordinal)];

    private static string[] Ids(IEnumerable<Payout> payouts) =>
        [.. payouts.Select(p => p.Id.Value).Order(StringComparer.Ordinal)];

    private static async Task<T> TimedAsync<T>(Fleet fleet, ITestOutputHelper output, string what, Func<Task<T>> run)
    {
        fleet.Collisions.TakeSummary();
        var watch = Stopwatch.StartNew();
        var result = await run();
        output.WriteLine($"{what}: {watch.ElapsedMilliseconds} ms; {fleet.Collisions.TakeSummary()}");
        return result;
    }
}
