using System.Data.Common;
using Affiliate.EntityFrameworkCore;
using Affiliate.EntityFrameworkCore.Tests.Infrastructure;
using Affiliate.EntityFrameworkCore.Tests.Specification;
using Affiliate.Stores;
using Affiliate.Stores.Specification;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Affiliate.EntityFrameworkCore.Tests.Stores;

/// <summary>
/// Only a collision with another writer (a taken key, a changed version, a deadlock or serialization failure, a busy
/// database) is answered as Duplicate or Conflict; any other failure of a write is the caller's to see, after the
/// write is rolled back.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresWriteFailureTests(PostgresServer server)
{
    [PostgresFact]
    public async Task A_write_that_fails_for_another_reason_than_a_collision_throws_and_writes_nothing()
    {
        await using var database = await TestDatabase.PostgresAsync(server);
        var store = new EntityFrameworkAffiliateStore(database.NewContext());

        // PostgreSQL text cannot hold NUL: 22021, character_not_in_repertoire. Not a duplicate, not a conflict.
        var partner = SpecData.NewPartner("p-nul", "NUL10") with { Name = "Nul\0Byte" };
        var partnerError = await Assert.ThrowsAnyAsync<Exception>(() =>
            store.CreateAsync(partner, [SpecData.RegisteredEvent(partner)], CancellationToken.None).AsTask()
        );
        Assert.Equal(PostgresErrorCodes.CharacterNotInRepertoire, Innermost<PostgresException>(partnerError).SqlState);

        var click = SpecData.NewClick("clk-nul", visitor: "v\0");
        var clickError = await Assert.ThrowsAnyAsync<Exception>(() =>
            store.AddClickAsync(click, RollupChange.None, CancellationToken.None).AsTask()
        );
        Assert.Equal(PostgresErrorCodes.CharacterNotInRepertoire, Innermost<PostgresException>(clickError).SqlState);

        // Nothing of the failed writes is stored, and the store goes on working.
        Assert.Null(await store.FindAsync(partner.Id, CancellationToken.None));
        Assert.Null(await store.FindByReferralCodeAsync(ReferralCode.Parse("NUL10"), CancellationToken.None));
        Assert.Null(await store.FindClickAsync(SpecData.Program, click.Id, CancellationToken.None));
        Assert.Empty(await store.PendingAsync(10, CancellationToken.None));
        Assert.Equal(
            StoreWriteStatus.Written,
            (await store.CreateAsync(SpecData.NewPartner("p-ok", "NUL10"), [], CancellationToken.None)).Status
        );
        Assert.Equal(
            StoreWriteStatus.Written,
            (await store.AddClickAsync(SpecData.NewClick("clk-nul"), RollupChange.None, CancellationToken.None)).Status
        );
        Assert.Equal(
            StoreWriteStatus.Duplicate,
            (await store.AddClickAsync(SpecData.NewClick("clk-nul"), RollupChange.None, CancellationToken.None)).Status
        );
    }

    [PostgresFact]
    public async Task In_a_host_transaction_a_failed_write_throws_and_leaves_the_transaction_usable()
    {
        await using var database = await TestDatabase.PostgresAsync(server);
        await using var context = database.NewContext();
        var store = new EntityFrameworkAffiliateStore(context);

        await using (var transaction = await context.Database.BeginTransactionAsync())
        {
            Assert.Equal(
                StoreWriteStatus.Written,
                (await store.CreateAsync(SpecData.NewPartner("p-1"), [], CancellationToken.None)).Status
            );
            await Assert.ThrowsAnyAsync<Exception>(() =>
                store
                    .AddClickAsync(
                        SpecData.NewClick("clk-nul", visitor: "v\0"),
                        RollupChange.None,
                        CancellationToken.None
                    )
                    .AsTask()
            );
            Assert.Equal(
                StoreWriteStatus.Duplicate,
                (await store.CreateAsync(SpecData.NewPartner("p-1"), [], CancellationToken.None)).Status
            );
            Assert.Equal(
                StoreWriteStatus.Written,
                (await store.CreateAsync(SpecData.NewPartner("p-2"), [], CancellationToken.None)).Status
            );
            await transaction.CommitAsync();
        }

        var reader = new EntityFrameworkAffiliateStore(database.NewContext());
        Assert.NotNull(await reader.FindAsync(new PartnerId("p-1"), CancellationToken.None));
        Assert.NotNull(await reader.FindAsync(new PartnerId("p-2"), CancellationToken.None));
        Assert.Null(await reader.FindClickAsync(SpecData.Program, new ClickId("clk-nul"), CancellationToken.None));
    }

    internal static T Innermost<T>(Exception exception)
        where T : Exception
    {
        T? found = null;
        for (var current = exception; current is not null; current = current.InnerException)
        {
            found = current as T ?? found;
        }

        return found ?? throw new Xunit.Sdk.XunitException($"No {typeof(T).Name} in {exception}");
    }
}

public sealed class SqliteWriteFailureTests
{
    [Fact]
    public async Task A_write_that_fails_for_another_reason_than_a_collision_throws_and_writes_nothing()
    {
        await using var database = await TestDatabase.SqliteAsync();
        await using var context = database.NewContext();
        var store = new EntityFrameworkAffiliateStore(context);

        // A missing table (SQLITE_ERROR, "no such table") is not a duplicate nor a conflict.
        await context.Database.ExecuteSqlRawAsync("DROP TABLE affiliate_outbox");
        var partner = SpecData.NewPartner("p-1", "ANNA10");
        var error = await Assert.ThrowsAnyAsync<Exception>(() =>
            store.CreateAsync(partner, [SpecData.RegisteredEvent(partner)], CancellationToken.None).AsTask()
        );
        Assert.Equal(1, PostgresWriteFailureTests.Innermost<SqliteException>(error).SqliteErrorCode);

        Assert.Null(await store.FindAsync(partner.Id, CancellationToken.None));
        Assert.Null(await store.FindByReferralCodeAsync(ReferralCode.Parse("ANNA10"), CancellationToken.None));
        Assert.Equal(StoreWriteStatus.Written, (await store.CreateAsync(partner, [], CancellationToken.None)).Status);
    }

    [Fact]
    public async Task A_write_in_a_host_transaction_leaves_no_savepoint_behind_whatever_its_outcome()
    {
        await using var database = await TestDatabase.SqliteAsync();
        await using var context = database.NewContext();
        var store = new EntityFrameworkAffiliateStore(context);
        Assert.Equal(
            StoreWriteStatus.Written,
            (await store.CreateAsync(SpecData.NewPartner("p-1", "ANNA10"), [], CancellationToken.None)).Status
        );

        await using (var transaction = await context.Database.BeginTransactionAsync())
        {
            // Answered early (the id exists), refused by the database (the code is taken), and written.
            Assert.Equal(
                StoreWriteStatus.Duplicate,
                (await store.CreateAsync(SpecData.NewPartner("p-1"), [], CancellationToken.None)).Status
            );
            await AssertNoSavepointAsync(transaction);
            Assert.Equal(
                StoreWriteStatus.Conflict,
                (await store.CreateAsync(SpecData.NewPartner("p-2", "ANNA10"), [], CancellationToken.None)).Status
            );
            await AssertNoSavepointAsync(transaction);
            Assert.Equal(
                StoreWriteStatus.Written,
                (await store.CreateAsync(SpecData.NewPartner("p-3", "BERT10"), [], CancellationToken.None)).Status
            );
            await AssertNoSavepointAsync(transaction);
            await transaction.CommitAsync();
        }

        var reader = new EntityFrameworkAffiliateStore(database.NewContext());
        Assert.Null(await reader.FindAsync(new PartnerId("p-2"), CancellationToken.None));
        Assert.Equal(
            "p-3",
            (await reader.FindByReferralCodeAsync(ReferralCode.Parse("BERT10"), CancellationToken.None))?.Id.Value
        );
    }

    /// <summary>
    /// SQLite refuses to release a savepoint it does not have (and, unlike PostgreSQL, the transaction goes on).
    /// </summary>
    private static async Task AssertNoSavepointAsync(
        Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction transaction
    )
    {
        var error = await Assert.ThrowsAnyAsync<DbException>(() =>
            transaction.ReleaseSavepointAsync("affiliate_write")
        );
        Assert.Contains("no such savepoint", error.Message, StringComparison.OrdinalIgnoreCase);
    }
}
