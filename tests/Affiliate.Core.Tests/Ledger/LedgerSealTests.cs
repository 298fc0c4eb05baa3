using Affiliate.Stores;
using Affiliate.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Affiliate.Tests.Ledger;

/// <summary>
/// Tamper evidence on the in-memory store: the <c>ledger-seal</c> job seals each partner's lines in (created at, id)
/// order into a hash chain, a second run seals nothing new, and verification names the first line edited, deleted or
/// cut out of the chain.
/// </summary>
public sealed class LedgerSealTests
{
    private static readonly Instant Start = Instant.FromUtc(2026, 3, 10, 12, 0);

    private static AffiliateHost Host() => new(Start, o =>
        {
            o.Plan = AffiliateHost.PercentPlan(10m);
            o.Fraud.ClickToConversion.Enabled = false;
        });

    private static IAffiliateJob SealJob(AffiliateHost host) =>
        host.Services.GetServices<IAffiliateJob>().Single(j => j.Name == LedgerSealJob.JobName);

    private static LedgerSeals Seals(AffiliateHost host) => host.Services.GetRequiredService<LedgerSeals>();

    private static async Task SalesAsync(AffiliateHost host, string code, params decimal[] amounts)
    {
        foreach (var amount in amounts)
        {
            var order = $"o-{code}-{amount}";
            await host.ClickAsync(code, "v-" + order);
            (await host.SaleAsync(order, amount, "v-" + order)).GetValueOrThrow();
            host.Clock.Advance(Duration.FromMinutes(1));
        }
    }

    private static async Task<IReadOnlyList<SealedLine>> ChainAsync(AffiliateHost host, string partner) =>
        await host.Store.SealedLinesAsync(partner, 0, int.MaxValue, default);

    private static async Task EditAsync(
        AffiliateHost host,
        CommissionLineId id,
        Func<CommissionLine, CommissionLine> edit
    )
    {
        var line = await host.Store.FindLineAsync(id, default) ?? throw new InvalidOperationException("no line");
        var written = await host.Store.WriteAsync(
            new LedgerChange { Updates = [new(edit(line), line.Version)] },
            default
        );
        Assert.True(written.Succeeded);
    }

    [Fact]
    public async Task The_job_seals_each_partners_lines_in_creation_order_into_a_chain_from_32_zero_bytes()
    {
        using var host = Host();
        await host.PartnerAsync("anna");
        await host.PartnerAsync("bert");
        await SalesAsync(host, "ANNA10", 100m, 200m);
        await SalesAsync(host, "BERT10", 50m);
        await SalesAsync(host, "ANNA10", 300m);

        var run = await SealJob(host).RunOnceAsync(default);

        Assert.Equal(JobRun.Done("ledger-seal", 4, "4 line(s) sealed"), run);
        var anna = await ChainAsync(host, "anna");
        Assert.Equal([1L, 2L, 3L], anna.Select(s => s.Seal.Position));
        Assert.Equal([1000L, 2000L, 3000L], anna.Select(s => s.Line!.AmountMinor));
        Assert.True(
            anna.Select(s => s.Line!.CreatedAtTicks).SequenceEqual(anna.Select(s => s.Line!.CreatedAtTicks).Order())
        );
        var previous = LedgerChain.Genesis;
        foreach (var (seal, line) in anna)
        {
            Assert.Equal(LedgerChain.Link(previous, line!), seal.Hash);
            previous = seal.Hash;
        }

        var bert = Assert.Single(await ChainAsync(host, "bert"));
        Assert.Equal((1L, LedgerChain.Link(LedgerChain.Genesis, bert.Line!)), (bert.Seal.Position, bert.Seal.Hash));
    }

    [Fact]
    public async Task Running_the_job_again_seals_nothing_new_and_later_lines_extend_the_chain()
    {
        using var host = Host();
        await host.PartnerAsync("anna");
        await SalesAsync(host, "ANNA10", 100m, 200m);
        await SealJob(host).RunOnceAsync(default);
        var before = await ChainAsync(host, "anna");

        var again = await SealJob(host).RunOnceAsync(default);
        Assert.Equal(JobRun.Done("ledger-seal", 0, "no line waited to be sealed"), again);
        Assert.Equal(before.Select(s => s.Seal), (await ChainAsync(host, "anna")).Select(s => s.Seal));

        await SalesAsync(host, "ANNA10", 300m);
        Assert.Equal(1, (await SealJob(host).RunOnceAsync(default)).Items);
        var after = await ChainAsync(host, "anna");
        Assert.Equal(
            (3L, LedgerChain.Link(before[^1].Seal.Hash, after[^1].Line!)),
            (after[^1].Seal.Position, after[^1].Seal.Hash)
        );
    }

    [Fact]
    public async Task Small_batches_seal_the_same_chain_as_one_big_batch()
    {
        using var small = Host();
        using var big = Host();
        foreach (var host in new[] { small, big })
        {
            await host.PartnerAsync("anna");
            await host.PartnerAsync("bert");
            await SalesAsync(host, "ANNA10", 10m, 20m, 30m);
            await SalesAsync(host, "BERT10", 40m, 50m);
        }

        Assert.Equal((5, false), await Seals(small).SealAsync(2));
        Assert.Equal((5, false), await Seals(big).SealAsync(100));

        // Line ids differ between the hosts; positions and amounts per partner agree.
        foreach (var partner in new[] { "anna", "bert" })
        {
            Assert.Equal(
                (await ChainAsync(big, partner)).Select(s => (s.Seal.Position, s.Line!.AmountMinor)),
                (await ChainAsync(small, partner)).Select(s => (s.Seal.Position, s.Line!.AmountMinor))
            );
        }
    }

    [Fact]
    public async Task An_intact_chain_verifies_and_counts_lines_not_sealed_yet()
    {
        using var host = Host();
        await host.PartnerAsync("anna");
        await SalesAsync(host, "ANNA10", 100m, 200m);
        await SealJob(host).RunOnceAsync(default);
        await SalesAsync(host, "ANNA10", 300m);

        var result = (await Seals(host).VerifyAsync(new PartnerId("anna"))).GetValueOrThrow();

        Assert.True(result.Intact);
        Assert.Equal((2L, 1L), (result.SealedLines, result.UnsealedLines));
        Assert.Equal((await ChainAsync(host, "anna"))[^1].Seal.Hash, result.HeadHash);
    }

    [Fact]
    public async Task An_edited_amount_is_named_with_its_line_and_position()
    {
        using var host = Host();
        await host.PartnerAsync("anna");
        await SalesAsync(host, "ANNA10", 100m, 200m, 300m);
        await SealJob(host).RunOnceAsync(default);
        var second = (await ChainAsync(host, "anna"))[1];

        await EditAsync(host, new CommissionLineId(second.Seal.LineId), l =>
            l with
            {
                Amount = Money.Of(2000m, "EUR"),
            }
        );
        var result = (await Seals(host).VerifyAsync(new PartnerId("anna"))).GetValueOrThrow();

        Assert.Equal(new LedgerBreak(second.Seal.LineId, 2, LedgerBreakReason.LineEdited), result.Broken);
        Assert.Equal(3, result.SealedLines);
    }

    [Fact]
    public async Task An_edited_explanation_is_named_but_a_state_change_is_not_an_edit()
    {
        using var host = Host();
        await host.PartnerAsync("anna");
        await SalesAsync(host, "ANNA10", 100m, 200m);
        await SealJob(host).RunOnceAsync(default);
        host.Clock.Advance(Duration.FromDays(60));
        await host.Ledger.ApproveDueAsync();
        Assert.True((await Seals(host).VerifyAsync(new PartnerId("anna"))).GetValueOrThrow().Intact);

        var first = (await ChainAsync(host, "anna"))[0];
        await EditAsync(host, new CommissionLineId(first.Seal.LineId), l =>
            l with
            {
                Explanation = l.Explanation + " ",
            }
        );
        var result = (await Seals(host).VerifyAsync(new PartnerId("anna"))).GetValueOrThrow();

        Assert.Equal(new LedgerBreak(first.Seal.LineId, 1, LedgerBreakReason.LineEdited), result.Broken);
    }

    [Fact]
    public async Task An_unknown_partner_is_refused_and_a_partner_without_lines_is_intact()
    {
        using var host = Host();
        await host.PartnerAsync("anna");

        var unknown = await Seals(host).VerifyAsync(new PartnerId("nobody"));
        var empty = (await Seals(host).VerifyAsync(new PartnerId("anna"))).GetValueOrThrow();

        Assert.Equal(AffiliateErrorCodes.UnknownPartner, unknown.Error?.Code);
        Assert.Equal(new LedgerVerification(new PartnerId("anna"), 0, 0, null, null), empty);
    }

    [Fact]
    public async Task A_deleted_line_and_a_gap_in_positions_are_named_across_pages()
    {
        // 1,500 seals: more than one page of verification.
        var facts = Enumerable
            .Range(1, 1500)
            .Select(i => new LedgerLineFacts(
                $"cml-{i}",
                "prg",
                "anna",
                null,
                6,
                1,
                i,
                "EUR",
                2,
                i,
                null,
                null,
                null,
                null,
                null,
                null,
                "x"
            ))
            .ToArray();
        var chain = new List<SealedLine>();
        var previous = LedgerChain.Genesis;
        foreach (var (line, i) in facts.Select((f, i) => (f, i)))
        {
            previous = LedgerChain.Link(previous, line);
            chain.Add(new SealedLine(new LedgerSeal(line.Id, "anna", i + 1, previous), line));
        }

        var intact = await VerifyAsync(chain);
        var deleted = await VerifyAsync(
            chain.Select(s => s.Seal.Position == 1200 ? s with { Line = null } : s).ToList()
        );
        var gap = await VerifyAsync(chain.Where(s => s.Seal.Position is not (1100 or 1101)).ToList());

        Assert.Equal((1500L, true), (intact.SealedLines, intact.Intact));
        Assert.Equal(new LedgerBreak("cml-1200", 1200, LedgerBreakReason.LineMissing), deleted.Broken);
        Assert.Equal(new LedgerBreak("cml-1102", 1102, LedgerBreakReason.PositionGap), gap.Broken);
        Assert.Equal(1498, gap.SealedLines);
    }

    [Fact]
    public void The_canonical_form_and_links_match_the_documented_vectors()
    {
        // Computed independently from the XML docs of LedgerChain (length-prefixed UTF-8, version byte 1, SHA-256).
        var first = new LedgerLineFacts(
            "cml-1",
            "prg-1",
            "p-anna",
            "cnv-1",
            0,
            1,
            -1250,
            "EUR",
            2,
            17725428000000000,
            null,
            "re-9",
            null,
            null,
            "plan-1",
            3,
            "12.50 EUR for order cnv-1 — Grüße."
        );
        var reversal = new LedgerLineFacts(
            "cml-2",
            "prg-1",
            "p-anna",
            "cnv-1",
            4,
            1,
            500,
            "EUR",
            2,
            17725428000000001,
            "cml-1",
            "re-9",
            null,
            null,
            null,
            null,
            "Reversal."
        );

        var h1 = LedgerChain.Link(LedgerChain.Genesis, first);
        var h2 = LedgerChain.Link(h1, reversal);

        Assert.Equal("de74502683d994fbee0c5fd5de05d4d3ab4470b75a922d30d15eb6d99fb5f768", h1);
        Assert.Equal("208cd22d8dbedf59810e8d4c7dbc362c6c7ac584188ef6479b610080f13a97e0", h2);
        Assert.Equal(h1, LedgerChain.Link(LedgerChain.Genesis, first with { RefundId = "re-other" }));
        Assert.NotEqual(h2, LedgerChain.Link(h1, reversal with { RefundId = "re-other" }));
    }

    private static async Task<LedgerVerification> VerifyAsync(List<SealedLine> chain)
    {
        var partners = new InMemoryAffiliateStore();
        await partners.CreateAsync(new Partner { Id = new PartnerId("anna"), Name = "Anna" }, [], default);
        var seals = new LedgerSeals(new FixedChain(chain), partners, NullLogger<LedgerSeals>.Instance);
        return (await seals.VerifyAsync(new PartnerId("anna"))).GetValueOrThrow();
    }

    /// <summary>A chain as a store would read it, tampered with in ways the in-memory store cannot be.</summary>
    private sealed class FixedChain(List<SealedLine> chain) : ILedgerSealStore
    {
        public ValueTask<IReadOnlyList<SealedLine>> SealedLinesAsync(
            string partnerId,
            long afterPosition,
            int max,
            CancellationToken cancellationToken
        ) =>
            ValueTask.FromResult<IReadOnlyList<SealedLine>>(
                chain.Where(s => s.Seal.Position > afterPosition).Take(max).ToArray()
            );

        public ValueTask<long> CountUnsealedAsync(string partnerId, CancellationToken cancellationToken) =>
            ValueTask.FromResult(0L);

        public ValueTask<IReadOnlyList<LedgerLineFacts>> UnsealedLinesAsync(
            int max,
            CancellationToken cancellationToken
        ) => throw new NotSupportedException();

        public ValueTask<IReadOnlyList<LedgerSeal>> ChainHeadsAsync(
            IReadOnlyCollection<string> partnerIds,
            CancellationToken cancellationToken
        ) => throw new NotSupportedException();

        public ValueTask<StoreWriteResult> AddSealsAsync(
            IReadOnlyList<LedgerSeal> seals,
            CancellationToken cancellationToken
        ) => throw new NotSupportedException();
    }
}
