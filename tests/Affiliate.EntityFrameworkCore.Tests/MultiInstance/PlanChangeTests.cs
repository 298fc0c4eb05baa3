using Affiliate.EntityFrameworkCore.Tests.Infrastructure;

namespace Affiliate.EntityFrameworkCore.Tests.MultiInstance;

/// <summary>Plan management over two service providers sharing one SQLite file and a fake clock.</summary>
public sealed class SqlitePlanChangeTests
{
    [Fact]
    public async Task A_version_scheduled_on_one_instance_reaches_the_other_within_the_refresh_interval()
    {
        await using var fleet = await Fleet.SqliteAsync(2, PlanChanges.Configure);
        await PlanChanges.SecondInstanceFollowsWithinTheRefreshIntervalAsync(fleet);
    }

    [Fact]
    public async Task Two_admins_on_two_instances_scheduling_at_once_one_wins_the_other_gets_plan_changed()
    {
        await using var fleet = await Fleet.SqliteAsync(2, PlanChanges.Configure);
        await PlanChanges.TwoAdminsAtOnceOneWinsAsync(fleet);
    }
}

/// <summary>Plan management over two service providers sharing one PostgreSQL database and a fake clock.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresPlanChangeTests(PostgresServer server)
{
    [PostgresFact]
    public async Task A_version_scheduled_on_one_instance_reaches_the_other_within_the_refresh_interval()
    {
        await using var fleet = await Fleet.PostgresAsync(server, 2, PlanChanges.Configure);
        await PlanChanges.SecondInstanceFollowsWithinTheRefreshIntervalAsync(fleet);
    }

    [PostgresFact]
    public async Task Two_admins_on_two_instances_scheduling_at_once_one_wins_the_other_gets_plan_changed()
    {
        await using var fleet = await Fleet.PostgresAsync(server, 2, PlanChanges.Configure);
        await PlanChanges.TwoAdminsAtOnceOneWinsAsync(fleet);
    }
}
