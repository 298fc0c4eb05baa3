using Affiliate.Tests.Support;

namespace Affiliate.Tests.Lifecycle;

public sealed class AdjustmentTests
{
    private static readonly Instant Start = Instant.FromUtc(2026, 3, 1, 12, 0);

    private static AffiliateHost Host() => new(Start, o => o.Plan = AffiliateHost.PercentPlan(10m));

    private static AdjustmentRequest Bonus(string id = "adj-1", decimal amount = 50m, string partner = "anna") =>
        new()
        {
            AdjustmentId = id,
            PartnerId = new PartnerId(partner),
            Kind = AdjustmentKind.Bonus,
            Amount = Money.Of(amount, "EUR"),
            Reason = "spring campaign winner",
        };

    private static async Task<(int Lines, int Events)> CountAsync(AffiliateHost host) =>
        (
            (await host.Store.QueryLinesAsync(new Stores.LineQuery(), default)).Count,
            (await host.Store.PendingAsync(int.MaxValue, default)).Count
        );

    [Fact]
    public async Task An_adjustment_records_its_kind_and_id_and_the_statement_shows_them()
    {
        using var host = Host();
        await host.PartnerAsync("anna");

        var line = (await host.Ledger.AdjustAsync(null, Bonus())).GetValueOrThrow();

        Assert.Equal(
            ("adj-1", AdjustmentKind.Bonus, CommissionState.Approved),
            (line.AdjustmentId, line.AdjustmentKind, line.State)
        );
        Assert.Equal("50.00 EUR bonus (adjustment adj-1): spring campaign winner.", line.Explanation);
        var statement = await host.Ledger.StatementAsync(new PartnerId("anna"), Start, Start + Duration.FromDays(1));
        var entry = Assert.Single(statement.Entries);
        Assert.Equal(
            (StatementEntryKind.Line, Money.Of(50m, "EUR"), line.Explanation),
            (entry.Kind, entry.Amount, entry.Sentence)
        );
        Assert.Equal([Money.Of(50m, "EUR")], statement.Totals);
        Assert.Single(await host.Store.PendingAsync(int.MaxValue, default), e => e is CommissionLineCreated);
    }

    [Fact]
    public async Task The_same_id_with_the_same_content_is_a_replay_and_with_other_content_a_conflict()
    {
        using var host = Host();
        await host.PartnerAsync("anna");
        await host.PartnerAsync("ben");
        var first = (await host.Ledger.AdjustAsync(null, Bonus())).GetValueOrThrow();
        var before = await CountAsync(host);

        var replay = await host.Ledger.AdjustAsync(null, Bonus());
        var otherAmount = await host.Ledger.AdjustAsync(null, Bonus(amount: 60m));
        var otherPartner = await host.Ledger.AdjustAsync(null, Bonus(partner: "ben"));
        var otherKind = await host.Ledger.AdjustAsync(null, Bonus() with { Kind = AdjustmentKind.Correction });
        var otherReason = await host.Ledger.AdjustAsync(null, Bonus() with { Reason = "something else" });

        Assert.True(replay.AlreadyRecorded);
        Assert.Equal(first.Id, replay.Value!.Id);
        Assert.All([otherAmount, otherPartner, otherKind, otherReason], r =>
            Assert.Equal(AffiliateErrorCodes.IdempotencyConflict, r.Error!.Code)
        );
        Assert.Equal(before, await CountAsync(host));
        Assert.True((await host.Ledger.AdjustAsync(null, Bonus("adj-2"))).Succeeded);
    }

    [Fact]
    public async Task An_unknown_partner_or_a_kind_whose_sign_does_not_fit_is_refused_and_writes_nothing()
    {
        using var host = Host();
        await host.PartnerAsync("anna");
        var before = await CountAsync(host);

        Assert.Equal(
            AffiliateErrorCodes.UnknownPartner,
            (await host.Ledger.AdjustAsync(null, Bonus(partner: "ghost"))).Error!.Code
        );
        Assert.Equal(
            AffiliateErrorCodes.InvalidRequest,
            (await host.Ledger.AdjustAsync(null, Bonus(amount: -5m))).Error!.Code
        );
        var positivePenalty = Bonus() with { Kind = AdjustmentKind.Penalty };
        Assert.Equal(
            AffiliateErrorCodes.InvalidRequest,
            (await host.Ledger.AdjustAsync(null, positivePenalty)).Error!.Code
        );
        Assert.Equal(
            AffiliateErrorCodes.InvalidRequest,
            (await host.Ledger.AdjustAsync(null, Bonus(id: " "))).Error!.Code
        );
        Assert.Equal(
            AffiliateErrorCodes.InvalidRequest,
            (await host.Ledger.AdjustAsync(null, Bonus(id: "a\nb"))).Error!.Code
        );
        Assert.Equal(
            AffiliateErrorCodes.InvalidRequest,
            (await host.Ledger.AdjustAsync(null, Bonus(amount: 0m))).Error!.Code
        );
        Assert.Equal(
            AffiliateErrorCodes.InvalidRequest,
            (await host.Ledger.AdjustAsync(null, Bonus() with { Kind = (AdjustmentKind)42 })).Error!.Code
        );
        Assert.Equal(
            AffiliateErrorCodes.UnknownProgram,
            (await host.Ledger.AdjustAsync(new ProgramId("nope"), Bonus())).Error!.Code
        );

        Assert.Equal(before, await CountAsync(host));

        // A refused id is still free: nothing of it was written.
        var penalty = Bonus(amount: -10m) with { Kind = AdjustmentKind.Penalty };
        Assert.Equal(-10m, (await host.Ledger.AdjustAsync(null, penalty)).GetValueOrThrow().Amount.Amount);
    }
}
