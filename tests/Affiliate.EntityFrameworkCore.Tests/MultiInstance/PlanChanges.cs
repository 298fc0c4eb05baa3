using Affiliate.Stores;
using Microsoft.Extensions.DependencyInjection;

namespace Affiliate.EntityFrameworkCore.Tests.MultiInstance;

/// <summary>
/// Plan management across instances, shared by the SQLite and PostgreSQL facts: a version scheduled on one instance
/// reaches another through its plan cache within the refresh interval, before the version starts; conversions are
/// priced by the version in force when they occurred; two admins on two instances: one wins, one gets plan_changed.
/// </summary>
internal static class PlanChanges
{
    public static readonly Duration Refresh = Duration.FromMinutes(1);
    public static readonly Duration Lead = Duration.FromMinutes(5);
    private static readonly PlanId Plan = new("plan");

    public static void Configure(global::Affiliate.AffiliateOptions options)
    {
        options.PlanRefreshInterval = Refresh;
        options.PlanLeadTime = Lead;
    }

    private static PlanVersion Version(int number, Instant from, decimal percent) =>
        new()
        {
            Number = number,
            EffectiveFrom = from,
            Rules = [new CommissionRule { Id = "default", Rate = CommissionRate.Percent(percent) }],
        };

    private static Task<StoredPlan?> CachedAsync(Instance instance) =>
        instance.InScopeAsync(services =>
            services
                .GetRequiredService<PlanCache>()
                .GetAsync(services.GetRequiredService<IPlanStore>(), Plan, default)
                .AsTask()
        );

    private static async Task<decimal> CommissionAsync(Instance instance, string order, Instant occurredAt)
    {
        var result = await instance.RunAsync<ConversionRecorder, AffiliateResult<ConversionOutcome>>(r =>
            r.RecordAsync(
                    new ConversionRequest
                    {
                        Facts = ConversionFacts.Sale(new ConversionId(order), occurredAt, Money.Of(100m, "EUR")),
                        ReferralCode = Fleet.CodeOf("anna"),
                    }
                )
                .AsTask()
        );
        return result.GetValueOrThrow().Lines.Sum(l => l.Amount.Amount);
    }

    public static async Task SecondInstanceFollowsWithinTheRefreshIntervalAsync(Fleet fleet)
    {
        await fleet.RegisterPartnersAsync("anna");
        var (admin, pricer) = (fleet.Instances[0], fleet.Instances[1]);

        // The pricing instance reads (and caches) the plan configured in code: nothing is stored yet.
        Assert.Equal(10m, await CommissionAsync(pricer, "o-1", fleet.Clock.Now));
        Assert.Null(await CachedAsync(pricer));

        fleet.Clock.Advance(Duration.FromSeconds(10));
        var from = fleet.Clock.Now + Lead;
        var scheduled = await admin.RunAsync<PlanDirectory, AffiliateResult<PlanDetails>>(d =>
            d.ScheduleAsync(Plan, Version(2, from, 20m), 0).AsTask()
        );
        Assert.True(scheduled.Succeeded, scheduled.ToString());
        Assert.Equal(1, (await CachedAsync(admin))?.Revision);

        // Inside the interval the pricing instance still holds what it read, and prices as the new revision would.
        fleet.Clock.Advance(Duration.FromSeconds(30));
        Assert.Null(await CachedAsync(pricer));
        Assert.Equal(10m, await CommissionAsync(pricer, "o-2", fleet.Clock.Now));

        // After the interval it has the new revision, still before the version starts.
        fleet.Clock.Advance(Refresh);
        Assert.True(fleet.Clock.Now < from);
        Assert.Equal(1, (await CachedAsync(pricer))?.Revision);
        Assert.Equal(10m, await CommissionAsync(pricer, "o-3", fleet.Clock.Now));

        fleet.Clock.Advance(from - fleet.Clock.Now);
        Assert.Equal(20m, await CommissionAsync(pricer, "o-4", fleet.Clock.Now));
        Assert.Equal(20m, await CommissionAsync(admin, "o-5", fleet.Clock.Now));
        Assert.Equal(10m, await CommissionAsync(pricer, "o-6", from - Duration.FromSeconds(1)));

        var lines = await fleet.LinesAsync();
        Assert.Equal(
            [("o-1", 1), ("o-2", 1), ("o-3", 1), ("o-4", 2), ("o-5", 2), ("o-6", 1)],
            lines
                .OrderBy(l => l.ConversionId!.Value.Value, StringComparer.Ordinal)
                .Select(l => (l.ConversionId!.Value.Value, l.PlanVersion ?? 0))
        );
        var announced = Assert.Single((await fleet.EventsAsync()).OfType<PlanVersionScheduled>());
        Assert.Equal((2, from, 1L), (announced.Version, announced.EffectiveFrom, announced.Revision));
    }

    public static async Task TwoAdminsAtOnceOneWinsAsync(Fleet fleet)
    {
        var from = fleet.Clock.Now + Duration.FromDays(1);
        var results = await fleet.RaceAsync<PlanDirectory, AffiliateResult<PlanDetails>>(2, (i, plans) =>
            plans.ScheduleAsync(Plan, Version(2, from + Duration.FromHours(i), 12m + i), 0).AsTask()
        );

        Assert.Single(results, r => r.Succeeded);
        Assert.Equal(AffiliateErrorCodes.PlanChanged, Assert.Single(results, r => !r.Succeeded).Error?.Code);
        Assert.Single((await fleet.EventsAsync()).OfType<PlanVersionScheduled>());

        var listed = await fleet
            .Instances[1]
            .RunAsync<PlanDirectory, IReadOnlyList<PlanDetails>>(d => d.ListAsync().AsTask());
        var plan = Assert.Single(listed);
        Assert.Equal((1L, true, 2), (plan.Revision, plan.IsStored, plan.Plan.Versions.Count));

        // The loser reads again and schedules against the new revision.
        var retried = await fleet
            .Instances[1]
            .RunAsync<PlanDirectory, AffiliateResult<PlanDetails>>(d =>
                d.ScheduleAsync(Plan, Version(3, from + Duration.FromDays(2), 15m), plan.Revision).AsTask()
            );
        Assert.Equal(2, retried.GetValueOrThrow().Revision);
    }
}
