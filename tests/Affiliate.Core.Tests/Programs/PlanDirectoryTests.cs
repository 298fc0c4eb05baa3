using Affiliate.Stores;
using Affiliate.Tests.Scale;
using Affiliate.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Affiliate.Tests.Programs;

public sealed class PlanDirectoryTests : IDisposable
{
    private static readonly Instant Start = Instant.FromUtc(2026, 5, 4, 9, 0);
    private static readonly PlanId PlanId = new("plan");
    private readonly AffiliateHost _host;
    private RecordingProxy<IPlanStore>? _planReads;

    public PlanDirectoryTests() =>
        _host = new AffiliateHost(
            Start,
            o =>
            {
                o.Plan = AffiliateHost.PercentPlan(10m);
                o.Fraud.ClickToConversion.Enabled = false;
                o.PlanRefreshInterval = Duration.FromMinutes(1);
                o.PlanLeadTime = Duration.FromMinutes(5);
            },
            b =>
                b.ReplaceStore<IPlanStore>(sp =>
                {
                    var (proxy, recorder) = RecordingProxy.For<IPlanStore>(
                        sp.GetRequiredService<InMemoryAffiliateStore>()
                    );
                    _planReads = recorder;
                    return proxy;
                })
        );

    private PlanDirectory Plans => _host.Services.GetRequiredService<PlanDirectory>();

    private static PlanVersion Version(int number, Instant from, decimal percent) =>
        new()
        {
            Number = number,
            EffectiveFrom = from,
            Rules = [new CommissionRule { Id = "default", Rate = CommissionRate.Percent(percent) }],
        };

    private async Task<IReadOnlyList<AffiliateEvent>> EventsAsync() =>
        await _host.Store.PendingAsync(int.MaxValue, default);

    private async Task<decimal> SaleCommissionAsync(string order, Instant occurredAt)
    {
        var outcome = await _host.Conversions.RecordAsync(
            new ConversionRequest
            {
                Facts = ConversionFacts.Sale(new ConversionId(order), occurredAt, Money.Of(100m, "EUR")),
                ReferralCode = "ANNA10",
            }
        );
        return outcome.GetValueOrThrow().Lines.Sum(l => l.Amount.Amount);
    }

    [Fact]
    public async Task The_configured_plan_is_listed_at_revision_0_until_a_version_is_scheduled()
    {
        var listed = Assert.Single(await Plans.ListAsync());
        Assert.Equal((PlanId, 0L, false), (listed.Plan.Id, listed.Revision, listed.IsStored));
        Assert.Equal([new ProgramId("default")], listed.Programs);

        var scheduled = await Plans.ScheduleAsync(PlanId, Version(2, Start + Duration.FromDays(1), 12m), 0);

        Assert.True(scheduled.Succeeded, scheduled.ToString());
        var after = Assert.Single(await Plans.ListAsync());
        Assert.Equal((1L, true), (after.Revision, after.IsStored));
        Assert.Equal([1, 2], after.Plan.Versions.Select(v => v.Number));
        Assert.Equal([1, 2], (await Plans.FindAsync(PlanId)).GetValueOrThrow().Plan.Versions.Select(v => v.Number));
    }

    [Fact]
    public async Task Scheduling_raises_PlanVersionScheduled_for_the_program_in_the_same_write()
    {
        var from = Start + Duration.FromDays(7);

        await Plans.ScheduleAsync(PlanId, Version(2, from, 12m), 0);

        var scheduled = Assert.IsType<PlanVersionScheduled>(Assert.Single(await EventsAsync()));
        Assert.Equal(
            (PlanId, 2, from, 1L),
            (scheduled.PlanId, scheduled.Version, scheduled.EffectiveFrom, scheduled.Revision)
        );
        Assert.Equal((new ProgramId("default"), Start), (scheduled.ProgramId, scheduled.OccurredAt));
    }

    [Theory]
    [InlineData(-60 * 24, "before now")]
    [InlineData(-1, "before now")]
    [InlineData(0, "lead time")]
    [InlineData(4, "lead time")]
    public async Task A_version_starting_in_the_past_or_inside_the_lead_time_is_refused_and_nothing_is_written(
        int minutesFromNow,
        string why
    )
    {
        var from = Start + Duration.FromMinutes(minutesFromNow);

        var result = await Plans.ScheduleAsync(PlanId, Version(2, from, 12m), 0);

        Assert.Equal(AffiliateErrorCodes.PlanVersionTooEarly, result.Error?.Code);
        Assert.Contains(why, result.Error!.Description, StringComparison.Ordinal);
        Assert.Empty(await _host.Store.ListAsync(default));
        Assert.Empty(await EventsAsync());
    }

    [Fact]
    public async Task A_version_exactly_one_lead_time_ahead_is_accepted()
    {
        var result = await Plans.ScheduleAsync(PlanId, Version(2, Start + Duration.FromMinutes(5), 12m), 0);

        Assert.True(result.Succeeded, result.ToString());
    }

    [Fact]
    public async Task A_version_not_after_the_last_one_is_refused()
    {
        var first = Start + Duration.FromDays(10);
        (await Plans.ScheduleAsync(PlanId, Version(2, first, 12m), 0)).GetValueOrThrow();

        var same = await Plans.ScheduleAsync(PlanId, Version(3, first, 13m), 1);
        var before = await Plans.ScheduleAsync(PlanId, Version(3, first - Duration.FromDays(1), 13m), 1);

        Assert.Equal(AffiliateErrorCodes.PlanVersionTooEarly, same.Error?.Code);
        Assert.Equal(AffiliateErrorCodes.PlanVersionTooEarly, before.Error?.Code);
        Assert.Equal(1, (await Plans.FindAsync(PlanId)).GetValueOrThrow().Revision);
    }

    [Fact]
    public async Task An_invalid_version_is_refused_with_every_problem_and_nothing_is_written()
    {
        var bad = Version(1, Start + Duration.FromDays(1), -5m) with { Bonuses = [] };

        var result = await Plans.ScheduleAsync(PlanId, bad, 0);
        var problems = (await Plans.ValidateAsync(PlanId, bad)).GetValueOrThrow();

        Assert.Equal(AffiliateErrorCodes.InvalidPlan, result.Error?.Code);
        Assert.Contains(PlanProblemCodes.NegativeRate, result.Error!.Description, StringComparison.Ordinal);
        Assert.Contains(PlanProblemCodes.DuplicateVersionNumber, result.Error.Description, StringComparison.Ordinal);
        Assert.Contains(problems, p => p.Code == PlanProblemCodes.NegativeRate);
        Assert.Empty(await _host.Store.ListAsync(default));
        Assert.Empty(await EventsAsync());
    }

    [Fact]
    public async Task Validate_lists_the_timing_problem_too_and_nothing_for_a_good_version()
    {
        var late = (await Plans.ValidateAsync(PlanId, Version(2, Start - Duration.FromDays(1), 12m))).GetValueOrThrow();
        var good = (await Plans.ValidateAsync(PlanId, Version(2, Start + Duration.FromDays(1), 12m))).GetValueOrThrow();

        Assert.Equal(AffiliateErrorCodes.PlanVersionTooEarly, Assert.Single(late).Code);
        Assert.Empty(good);
    }

    [Fact]
    public async Task An_unknown_plan_or_a_negative_revision_is_answered_with_a_code()
    {
        var unknown = await Plans.ScheduleAsync(new PlanId("nope"), Version(2, Start + Duration.FromDays(1), 12m), 0);
        var negative = await Plans.ScheduleAsync(PlanId, Version(2, Start + Duration.FromDays(1), 12m), -1);

        Assert.Equal(AffiliateErrorCodes.UnknownPlan, unknown.Error?.Code);
        Assert.Equal(AffiliateErrorCodes.UnknownPlan, (await Plans.FindAsync(new PlanId("nope"))).Error?.Code);
        Assert.Equal(AffiliateErrorCodes.InvalidRequest, negative.Error?.Code);
        Assert.Empty(await EventsAsync());
    }

    [Fact]
    public async Task A_stale_revision_is_plan_changed_and_writes_nothing()
    {
        (await Plans.ScheduleAsync(PlanId, Version(2, Start + Duration.FromDays(1), 12m), 0)).GetValueOrThrow();

        var stale = await Plans.ScheduleAsync(PlanId, Version(3, Start + Duration.FromDays(2), 14m), 0);

        Assert.Equal(AffiliateErrorCodes.PlanChanged, stale.Error?.Code);
        Assert.Equal([1, 2], (await Plans.FindAsync(PlanId)).GetValueOrThrow().Plan.Versions.Select(v => v.Number));
        Assert.Single(await EventsAsync());
    }

    [Fact]
    public async Task Two_admins_scheduling_at_once_against_the_same_revision_one_wins_the_other_gets_plan_changed()
    {
        var results = await Task.WhenAll(
            Enumerable
                .Range(0, 2)
                .Select(i =>
                    Task.Run(async () =>
                    {
                        using var scope = _host.Services.CreateScope();
                        var plans = scope.ServiceProvider.GetRequiredService<PlanDirectory>();
                        return await plans.ScheduleAsync(
                            PlanId,
                            Version(2, Start + Duration.FromDays(1 + i), 12m + i),
                            0
                        );
                    })
                )
        );

        Assert.Single(results, r => r.Succeeded);
        Assert.Equal(AffiliateErrorCodes.PlanChanged, Assert.Single(results, r => !r.Succeeded).Error?.Code);
        Assert.Single(await EventsAsync());
        Assert.Equal(1, (await Plans.FindAsync(PlanId)).GetValueOrThrow().Revision);
    }

    [Fact]
    public async Task A_conversion_before_the_new_version_is_priced_by_the_old_and_one_after_by_the_new()
    {
        await _host.PartnerAsync("anna");
        var from = Start + Duration.FromHours(2);
        (await Plans.ScheduleAsync(PlanId, Version(2, from, 20m), 0)).GetValueOrThrow();

        Assert.Equal(10m, await SaleCommissionAsync("o-1", Start));
        _host.Clock.Now = from - Duration.FromSeconds(1);
        Assert.Equal(10m, await SaleCommissionAsync("o-2", _host.Clock.Now));
        _host.Clock.Now = from;
        Assert.Equal(20m, await SaleCommissionAsync("o-3", _host.Clock.Now));
        // Recorded late, priced by the version in force when it occurred: history is not rewritten.
        Assert.Equal(10m, await SaleCommissionAsync("o-4", from - Duration.FromMinutes(30)));
    }

    [Fact]
    public async Task Pricing_reads_a_stored_plan_once_per_refresh_interval_not_once_per_conversion()
    {
        await _host.PartnerAsync("anna");
        var reads = () => _planReads!.Of(nameof(IPlanStore.FindStoredAsync)).Count();

        for (var i = 0; i < 20; i++)
        {
            await SaleCommissionAsync($"o-{i}", _host.Clock.Now);
            _host.Clock.Advance(Duration.FromSeconds(2));
        }

        Assert.Equal(1, reads());
        _host.Clock.Advance(Duration.FromMinutes(1));
        await SaleCommissionAsync("o-late", _host.Clock.Now);
        Assert.Equal(2, reads());
        Assert.Empty(_planReads!.Of(nameof(IPlanStore.FindAsync)));
    }

    [Fact]
    public void A_lead_time_shorter_than_the_refresh_interval_fails_validation_saying_what_to_change()
    {
        var options = new AffiliateOptions
        {
            IpHashKey = AffiliateHost.IpHashKey,
            Plan = AffiliateHost.PercentPlan(10m),
            PlanRefreshInterval = Duration.FromMinutes(10),
            PlanLeadTime = Duration.FromMinutes(5),
        };

        var problem = Assert.Single(options.Validate());
        Assert.Contains("PlanLeadTime", problem, StringComparison.Ordinal);
    }

    public void Dispose() => _host.Dispose();
}
