using Affiliate.EntityFrameworkCore.Schema;
using Affiliate.Stores;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Affiliate.EntityFrameworkCore.Stores;

public sealed partial class EntityFrameworkAffiliateStore : IJobLockStore
{
    /// <summary>
    /// On PostgreSQL, a session advisory lock (<c>pg_try_advisory_lock</c>) held on a connection of its own for as long
    /// as the job runs, so it spans the job's many short transactions; the server releases it if the instance dies.
    /// SQLite has no such lock across processes: the job always runs and row versions keep it correct.
    /// </summary>
    public async ValueTask<IAsyncDisposable?> TryAcquireAsync(string job, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(job);
        var connectionString = context.Database.GetConnectionString();
        if (AffiliateSchema.ProviderOf(context) != AffiliateSchema.Provider.PostgreSql || string.IsNullOrEmpty(connectionString))
        {
            return NoLock.Instance;
        }

        var connection = new NpgsqlConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(hashtextextended(@job, 0))", connection);
            command.Parameters.AddWithValue("job", "affiliate:" + job);
            if (await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true)
            {
                return new AdvisoryLock(connection, "affiliate:" + job);
            }
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        await connection.DisposeAsync().ConfigureAwait(false);
        return null;
    }

    private sealed class AdvisoryLock(NpgsqlConnection connection, string key) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock(hashtextextended(@job, 0))", connection);
                command.Parameters.AddWithValue("job", key);
                await command.ExecuteScalarAsync().ConfigureAwait(false);
            }
            finally
            {
                // Closing the session releases the lock too, should the unlock have failed.
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private sealed class NoLock : IAsyncDisposable
    {
        public static readonly NoLock Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
