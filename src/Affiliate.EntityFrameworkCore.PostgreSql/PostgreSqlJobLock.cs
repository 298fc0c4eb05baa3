using System.Data;
using System.Data.Common;
using Npgsql;

namespace Affiliate.EntityFrameworkCore.PostgreSql;

/// <summary>
/// A job's lock on PostgreSQL: a session advisory lock (<c>pg_try_advisory_lock</c>) held on a connection of its own
/// for as long as the job runs, so it spans the job's many short transactions; the server releases it if the instance
/// dies.
/// </summary>
/// <remarks>
/// The lock's connection is a clone of the context's, so it comes from the same place: the same
/// <c>NpgsqlDataSource</c> (with its password provider, certificates and initializers) when the context was
/// configured with <c>UseNpgsql(dataSource)</c>, the same connection string and pool otherwise.
/// </remarks>
internal static class PostgreSqlJobLock
{
    /// <summary>
    /// The lock of <paramref name="job"/> on a clone of the context's connection, or null when it is taken.
    /// </summary>
    public static async ValueTask<IAsyncDisposable?> TryAcquireAsync(
        NpgsqlConnection contextConnection,
        string job,
        CancellationToken cancellationToken
    )
    {
        var connection = (NpgsqlConnection)((ICloneable)contextConnection).Clone();
        var opened = false;
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            opened = true;
            await using var command = new NpgsqlCommand(
                "SELECT pg_try_advisory_lock(hashtextextended(@job, 0))",
                connection
            );
            command.Parameters.AddWithValue("job", "affiliate:" + job);
            if (await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true)
            {
                return new AdvisoryLock(connection, contextConnection, "affiliate:" + job);
            }
        }
        catch
        {
            if (opened)
            {
                // The lock may have been taken before the failure (a cancellation as the answer arrived).
                await EndSessionAsync(connection, contextConnection).ConfigureAwait(false);
            }
            else
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }

        await connection.DisposeAsync().ConfigureAwait(false);
        return null;
    }

    /// <summary>
    /// Closes a lock connection's physical session, which releases its session locks. Disposing a pooled connection
    /// does not: the session goes back to the pool, locks and all, until the pool reuses (resets) or prunes it.
    /// <c>NpgsqlConnection.ClearPool</c> on the lock connection does not either: a clone comes from its data source and
    /// has no connection string of its own, so it names no pool, and a data source's pool is out of ClearPool's reach
    /// anyway. So the server ends the session (<c>pg_terminate_backend</c> on its own backend, which any role may do;
    /// the connection is then broken and the pool discards it); should the server not hear it, the pool of the
    /// context's connection string is cleared, which closes the session once it is idle in that pool.
    /// </summary>
    private static async Task EndSessionAsync(NpgsqlConnection connection, NpgsqlConnection contextConnection)
    {
        if (connection.State == ConnectionState.Open)
        {
            try
            {
                await using var terminate = new NpgsqlCommand(
                    "SELECT pg_terminate_backend(pg_backend_pid())",
                    connection
                );
                await terminate.ExecuteNonQueryAsync().ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is DbException or InvalidOperationException or TimeoutException)
            {
                // Expected: the server ends the session under the command (57P01), or the connection is already broken.
            }
        }

        await connection.DisposeAsync().ConfigureAwait(false);
        NpgsqlConnection.ClearPool(contextConnection);
    }

    private sealed class AdvisoryLock(NpgsqlConnection connection, NpgsqlConnection contextConnection, string key)
        : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await using var command = new NpgsqlCommand(
                    "SELECT pg_advisory_unlock(hashtextextended(@job, 0))",
                    connection
                );
                command.Parameters.AddWithValue("job", key);
                await command.ExecuteScalarAsync().ConfigureAwait(false);
            }
            catch
            {
                // The lock may still be held by a session that is alive: returned to the pool, it would keep it.
                await EndSessionAsync(connection, contextConnection).ConfigureAwait(false);
                throw;
            }

            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }
}
