using Microsoft.Extensions.DependencyInjection;

namespace Affiliate.Stores.Specification;

/// <summary>
/// Host instances over one database for <see cref="JobSpecification"/>: each a root service provider wired as a host
/// wires the library, all reading one settable clock.
/// </summary>
/// <param name="Instances">The instances (root providers).</param>
/// <param name="SetNow">Moves the clock every instance reads.</param>
/// <param name="Release">Disposes the instances and drops the database.</param>
public sealed record JobHosts(
    IReadOnlyList<IServiceProvider> Instances,
    Action<Instant> SetNow,
    Func<ValueTask> Release
) : IAsyncDisposable
{
    /// <inheritdoc />
    public ValueTask DisposeAsync() => Release();
}

/// <summary>
/// The <c>period-close</c> and <c>performance-tiers</c> jobs on a store, run once at a time with a fake clock: nothing
/// before the period closes, the hand-computed adjustment and tiers after, nothing more on a second run or from a
/// second instance running at once, and partners without conversions left alone. The in-memory store runs it in
/// Affiliate.Core.Tests, SQLite and PostgreSQL in Affiliate.EntityFrameworkCore.Tests.
/// </summary>
public abstract class JobSpecification
{
    /// <summary>The program's zone: March closes at 2026-03-31T22:00Z (midnight in Berlin, summer time).</summary>
    public const string Zone = "Europe/Berlin";

    private static readonly Instant MarchEnd = Instant.FromUtc(2026, 3, 31, 22, 0);
    private static readonly PartnerTier Bronze = new("Bronze");
    private static readonly PartnerTier Silver = new("Silver");
    private static readonly PartnerTier Gold = new("Gold");

    /// <summary>
    /// <paramref name="count"/> host instances over one new, empty database, configured by
    /// <paramref name="configure"/>, their clock at 2026-03-02T09:00Z.
    /// </summary>
    protected abstract Task<JobHosts> CreateHostsAsync(int count, Action<AffiliateOptions> configure);

    /// <summary>
    /// 10% of each sale up to the month's second, 20% from the third ("Gold"), re-rated at period close; and
    /// performance tiers Bronze (1 conversion), Silver (2), Gold (3 and 500 revenue, kept with 2).
    /// </summary>
    public static CommissionPlan TieredPlan() =>
        new()
        {
            Id = new PlanId("tiered"),
            Name = "Tiered",
            Currency = Currency.EUR,
            Versions =
            [
                new PlanVersion
                {
                    Number = 1,
                    EffectiveFrom = Instant.FromUtc(2000, 1, 1, 0, 0),
                    Rules =
                    [
                        new CommissionRule
                        {
                            Id = "volume",
                            Tiers = new VolumeTiers
                            {
                                AdjustAtPeriodClose = true,
                                Steps =
                                [
                                    new(1, CommissionRate.Percent(10)),
                                    new(3, CommissionRate.Percent(20), "Gold"),
                                ],
                            },
                        },
                    ],
                    PerformanceTiers = new PerformanceTierPolicy
                    {
                        Levels =
                        [
                            new PerformanceTierLevel
                            {
                                Tier = Bronze,
                                PromoteWhen = new() { MinConversions = 1 },
                            },
                            new PerformanceTierLevel
                            {
                                Tier = Silver,
                                PromoteWhen = new() { MinConversions = 2 },
                            },
                            new PerformanceTierLevel
                            {
                                Tier = Gold,
                                PromoteWhen = new() { MinConversions = 3, MinRevenue = 500m },
                                KeepWhen = new() { MinConversions = 2 },
                            },
                        ],
                    },
                },
            ],
        };

    [Fact]
    public async Task Period_close_re_rates_a_closed_month_once_and_leaves_partners_below_the_next_tier_alone()
    {
        await using var hosts = await CreateHostsAsync(1, Configure);
        var host = hosts.Instances[0];
        var march = await MarchAsync(hosts);

        // 23:30 on 31 March in Berlin: March is still open, February had nothing.
        hosts.SetNow(MarchEnd - Duration.FromMinutes(30));
        var before = await RunAsync(host, PeriodCloseJob.JobName);
        Assert.Equal((true, 0), (before.Ran, before.Items));
        Assert.Empty(await AdjustmentsAsync(host));

        hosts.SetNow(MarchEnd + Duration.FromMinutes(30));
        var closed = await RunAsync(host, PeriodCloseJob.JobName);
        var again = await RunAsync(host, PeriodCloseJob.JobName);

        Assert.Equal((true, 1), (closed.Ran, closed.Items));
        Assert.Equal(0, again.Items);
        var line = Assert.Single(await AdjustmentsAsync(host));
        Assert.Equal(
            (new PartnerId("anna"), Money.Of(30m, "EUR"), CommissionState.Pending),
            (line.PartnerId, line.Amount, line.State)
        );
        var march1 = new LocalDate(2026, 3, 1);
        Assert.Equal(
            PeriodCloseJob.AdjustmentLineId(new ProgramId("default"), line.PartnerId, "volume", march1),
            line.Id
        );
        Assert.Equal(MarchEnd + Duration.FromDays(30), line.ApprovableAt);
        Assert.Null(line.ConversionId);

        // The same numbers as the pure calculation over the partner's month (20% of 600 less the 90 already earned).
        var expected = PeriodCloseAdjustment.Calculate(
            new PeriodCloseRequest
            {
                Plan = TieredPlan(),
                RuleId = "volume",
                PartnerId = new PartnerId("anna"),
                Conversions = march
                    .Anna.Select(o => new PeriodConversion(
                        o.Conversion.Id,
                        o.Conversion.OccurredAt,
                        o.Conversion.Amount,
                        1,
                        Assert.Single(o.Lines).Amount
                    ))
                    .ToArray(),
                TimeZone = DateTimeZoneProviders.Tzdb[Zone],
            }
        )!;
        Assert.Equal(expected.Amount, line.Amount);
        Assert.Equal(expected.Explanation.ToSentence(), line.Explanation);

        var events = await EventsAsync(host);
        var created = Assert.Single(events.OfType<CommissionLineCreated>(), e =>
            e.Kind == LedgerEntryKind.PeriodAdjustment
        );
        Assert.Equal((line.Id, line.Amount), (created.LineId, created.Amount));
        var balance = await InScopeAsync(host, s =>
            s.GetRequiredService<IRollupStore>().BalancesAsync(new PartnerId("anna"), null, default).AsTask()
        );
        Assert.Equal(12_000, Assert.Single(balance).Counters.PendingMinor); // 10 + 20 + 60 + 30 EUR in cents
    }

    [Fact]
    public async Task Period_close_on_two_instances_at_once_writes_each_adjustment_once()
    {
        await using var hosts = await CreateHostsAsync(2, Configure);
        await MarchAsync(hosts);
        hosts.SetNow(MarchEnd + Duration.FromHours(1));

        var runs = await Task.WhenAll(
            Task.Run(() => RunAsync(hosts.Instances[0], PeriodCloseJob.JobName)),
            Task.Run(() => RunAsync(hosts.Instances[1], PeriodCloseJob.JobName))
        );

        Assert.Equal(1, runs.Sum(r => r.Items));
        Assert.Equal(Money.Of(30m, "EUR"), Assert.Single(await AdjustmentsAsync(hosts.Instances[1])).Amount);
        Assert.Single((await EventsAsync(hosts.Instances[0])).OfType<CommissionLineCreated>(), e =>
            e.Kind == LedgerEntryKind.PeriodAdjustment
        );
    }

    [Fact]
    public async Task Performance_tiers_follow_the_evaluator_on_the_closed_period_once()
    {
        await using var hosts = await CreateHostsAsync(1, Configure);
        var host = hosts.Instances[0];
        await MarchAsync(hosts);
        await SetTierAsync(host, "eve", Silver);
        var eventsBefore = (await EventsAsync(host)).OfType<PartnerTierChanged>().Count();

        hosts.SetNow(MarchEnd - Duration.FromMinutes(30));
        var before = await RunAsync(host, PerformanceTierJob.JobName);
        Assert.Equal((true, 0), (before.Ran, before.Items));

        hosts.SetNow(MarchEnd + Duration.FromMinutes(30));
        var evaluated = await RunAsync(host, PerformanceTierJob.JobName);
        var again = await RunAsync(host, PerformanceTierJob.JobName);

        Assert.Equal((3, 0), (evaluated.Items, again.Items));
        await AssertTiersAsync(host, eventsBefore);
    }

    [Fact]
    public async Task Performance_tiers_on_two_instances_at_once_change_each_partner_once()
    {
        await using var hosts = await CreateHostsAsync(2, Configure);
        await MarchAsync(hosts);
        await SetTierAsync(hosts.Instances[0], "eve", Silver);
        var eventsBefore = (await EventsAsync(hosts.Instances[0])).OfType<PartnerTierChanged>().Count();
        hosts.SetNow(MarchEnd + Duration.FromHours(1));

        var runs = await Task.WhenAll(
            Task.Run(() => RunAsync(hosts.Instances[0], PerformanceTierJob.JobName)),
            Task.Run(() => RunAsync(hosts.Instances[1], PerformanceTierJob.JobName))
        );

        Assert.Equal(3, runs.Sum(r => r.Items));
        await AssertTiersAsync(hosts.Instances[1], eventsBefore);
    }

    /// <summary>The options of every instance: the tiered plan, Berlin, a 30-day hold, no click-timing rule.</summary>
    public static void Configure(AffiliateOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Plan = TieredPlan();
        options.TimeZone = Zone;
        options.HoldPeriod = Duration.FromDays(30);
        options.Fraud.ClickToConversion.Enabled = false;
    }

    /// <summary>
    /// Anna, Bob, Carl and Eve; in March Anna sells 100, 200 and 300 after 4 clicks, Bob 50, the others nothing.
    /// </summary>
    private static async Task<(ConversionOutcome[] Anna, ConversionOutcome Bob)> MarchAsync(JobHosts hosts)
    {
        var host = hosts.Instances[0];
        var start = Instant.FromUtc(2026, 3, 2, 9, 0);
        hosts.SetNow(start);
        foreach (var id in new[] { "anna", "bob", "carl", "eve" })
        {
            await InScopeAsync(host, s => s.GetRequiredService<PartnerDirectory>()
                    .RegisterAsync(
                        new PartnerApplication
                        {
                            Id = new PartnerId(id),
                            Name = id,
                            ReferralCodes = [id.ToUpperInvariant() + "10"],
                            AutoApprove = true,
                        }
                    )
                    .AsTask());
        }

        for (var i = 0; i < 4; i++)
        {
            var click = await InScopeAsync(host, s => s.GetRequiredService<ClickTracker>()
                    .RecordAsync(
                        new ClickRequest
                        {
                            ReferralCode = "ANNA10",
                            VisitorId = $"visitor-{i}",
                            UserAgent = "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0",
                        }
                    )
                    .AsTask());
            Assert.True(click.Succeeded, click.Error?.ToString());
        }

        var anna = new List<ConversionOutcome>();
        var day = 0;
        foreach (var amount in new[] { 100m, 200m, 300m })
        {
            hosts.SetNow(start + Duration.FromDays(++day));
            anna.Add(await SaleAsync(host, $"anna-{day}", amount, "ANNA10"));
        }

        var bob = await SaleAsync(host, "bob-1", 50m, "BOB10");
        Assert.Equal([10m, 20m, 60m], anna.Select(o => Assert.Single(o.Lines).Amount.Amount));
        return ([.. anna], bob);
    }

    private static async Task<ConversionOutcome> SaleAsync(
        IServiceProvider host,
        string orderId,
        decimal amount,
        string code
    )
    {
        var now = host.GetRequiredService<IClock>().GetCurrentInstant();
        var sale = new ConversionRequest
        {
            Facts = ConversionFacts.Sale(new ConversionId(orderId), now, Money.Of(amount, "EUR")),
            ReferralCode = code,
        };
        var result = await InScopeAsync(host, s =>
            s.GetRequiredService<ConversionRecorder>().RecordAsync(sale).AsTask()
        );
        return result.GetValueOrThrow();
    }

    private static async Task SetTierAsync(IServiceProvider host, string partnerId, PartnerTier tier)
    {
        var set = await InScopeAsync(host, s =>
            s.GetRequiredService<PartnerDirectory>().SetTierAsync(new PartnerId(partnerId), tier).AsTask()
        );
        Assert.True(set.Succeeded, set.Error?.ToString());
    }

    private static Task<Partner?> PartnerAsync(IServiceProvider host, string partnerId) =>
        InScopeAsync(host, s =>
            s.GetRequiredService<IPartnerStore>().FindAsync(new PartnerId(partnerId), default).AsTask()
        );

    /// <summary>
    /// Anna promoted to Gold, Bob to Bronze, Eve out of Silver, Carl untouched: as the evaluator decides.
    /// </summary>
    private static async Task AssertTiersAsync(IServiceProvider host, int eventsBefore)
    {
        var policy = TieredPlan().Versions[0].PerformanceTiers!;
        var expected = new Dictionary<string, TierDecision>
        {
            ["anna"] = PerformanceTierEvaluator.Evaluate(policy, null, new PartnerPerformance(4, 3, 600m, 0m)),
            ["bob"] = PerformanceTierEvaluator.Evaluate(policy, null, new PartnerPerformance(0, 1, 50m, 0m)),
            ["eve"] = PerformanceTierEvaluator.Evaluate(policy, Silver, new PartnerPerformance(0, 0, 0m, 0m)),
        };
        Assert.Equal([Gold, Bronze, null], expected.Values.Select(d => d.To));

        var changes = (await EventsAsync(host)).OfType<PartnerTierChanged>().Skip(eventsBefore).ToArray();
        Assert.Equal(3, changes.Length);
        foreach (var (id, decision) in expected)
        {
            var change = Assert.Single(changes, c => c.PartnerId == new PartnerId(id));
            Assert.Equal((decision.From, decision.To), (change.From, change.To));
            Assert.Equal(decision.Reasons, change.Reasons);
            var partner = await PartnerAsync(host, id);
            Assert.Equal(decision.To, partner!.Tier);
        }

        var carl = await PartnerAsync(host, "carl");
        Assert.Equal((null, 1L), (carl!.Tier, carl.Version));
    }

    private static Task<JobRun> RunAsync(IServiceProvider host, string job) =>
        host.GetServices<IAffiliateJob>().Single(j => j.Name == job).RunOnceAsync(default).AsTask();

    private static Task<IReadOnlyList<CommissionLine>> AdjustmentsAsync(IServiceProvider host) =>
        InScopeAsync(host, async s =>
            (IReadOnlyList<CommissionLine>)
                (
                    await s.GetRequiredService<ILedgerStore>()
                        .QueryLinesAsync(new LineQuery { ProgramId = new ProgramId("default") }, default)
                )
                    .Where(l => l.Kind == LedgerEntryKind.PeriodAdjustment)
                    .ToArray()
        );

    private static Task<IReadOnlyList<AffiliateEvent>> EventsAsync(IServiceProvider host) =>
        InScopeAsync(host, s => s.GetRequiredService<IOutboxStore>().PendingAsync(10_000, default).AsTask());

    private static async Task<T> InScopeAsync<T>(IServiceProvider host, Func<IServiceProvider, Task<T>> operation)
    {
        await using var scope = host.CreateAsyncScope();
        return await operation(scope.ServiceProvider);
    }
}
