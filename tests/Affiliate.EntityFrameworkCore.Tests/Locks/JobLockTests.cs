using Affiliate.EntityFrameworkCore.Stores;
using Affiliate.EntityFrameworkCore.Tests.Infrastructure;
using Affiliate.EntityFrameworkCore.Tests.Specification;

namespace Affiliate.EntityFrameworkCore.Tests.Locks;

[Collection(PostgresCollection.Name)]
public sealed class PostgresJobLockTests(PostgresServer server)
{
    [PostgresFact]
    public async Task A_job_lock_is_held_by_one_instance_until_it_lets_go()
    {
        await using var database = await TestDatabase.PostgresAsync(server);
        var first = new EntityFrameworkAffiliateStore(database.NewContext());
        var second = new EntityFrameworkAffiliateStore(database.NewContext());

        var held = await first.TryAcquireAsync("approve:default", default);
        Assert.NotNull(held);
        Assert.Null(await second.TryAcquireAsync("approve:default", default));
        await using (var other = await second.TryAcquireAsync("payouts:default", default))
        {
            Assert.NotNull(other);
        }

        await held!.DisposeAsync();
        await using var again = await second.TryAcquireAsync("approve:default", default);
        Assert.NotNull(again);
    }
}

public sealed class SqliteJobLockTests
{
    [Fact]
    public async Task Sqlite_cannot_lock_across_processes_so_every_run_proceeds()
    {
        await using var database = await TestDatabase.SqliteAsync();
        var store = new EntityFrameworkAffiliateStore(database.NewContext());

        await using var first = await store.TryAcquireAsync("approve:default", default);
        await using var second = await store.TryAcquireAsync("approve:default", default);

        Assert.NotNull(first);
        Assert.NotNull(second);
    }
}
