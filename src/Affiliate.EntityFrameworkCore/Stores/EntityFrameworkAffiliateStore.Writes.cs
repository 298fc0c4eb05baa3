using System.Data.Common;
using Affiliate.Stores;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Affiliate.EntityFrameworkCore.Stores;

public sealed partial class EntityFrameworkAffiliateStore
{
    private const string Savepoint = "affiliate_write";

    /// <summary>
    /// Runs one write: in a transaction of its own, or in a savepoint of the host's transaction. <paramref name="stage"/>
    /// adds and attaches rows (or answers early); a unique-key or version collision rolls everything back and
    /// <paramref name="explainFailure"/> says, after the rollback, whether it was a duplicate or a conflict.
    /// </summary>
    private async ValueTask<StoreWriteResult> WriteAsync(Func<Staging, ValueTask<StoreWriteResult?>> stage, Func<ValueTask<StoreWriteResult>> explainFailure, CancellationToken cancellationToken)
    {
        var staging = new Staging(context);
        var ambient = context.Database.CurrentTransaction;
        IDbContextTransaction? own = null;
        try
        {
            if (ambient is null)
            {
                own = await context.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await ambient.CreateSavepointAsync(Savepoint, cancellationToken).ConfigureAwait(false);
            }

            try
            {
                if (await stage(staging).ConfigureAwait(false) is { } early)
                {
                    await UndoAsync(own, ambient, cancellationToken).ConfigureAwait(false);
                    return early;
                }

                await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                if (own is not null)
                {
                    await own.CommitAsync(cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await ambient!.ReleaseSavepointAsync(Savepoint, cancellationToken).ConfigureAwait(false);
                }

                return StoreWriteResult.Written;
            }
            catch (ConflictException conflict)
            {
                await UndoAsync(own, ambient, cancellationToken).ConfigureAwait(false);
                return StoreWriteResult.Conflict(conflict.Message);
            }
            catch (Exception exception) when (exception is DbUpdateException || IsCollision(exception))
            {
                await UndoAsync(own, ambient, cancellationToken).ConfigureAwait(false);
                staging.Detach();
                return await explainFailure().ConfigureAwait(false);
            }
        }
        finally
        {
            staging.Detach();
            if (own is not null)
            {
                await own.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static async Task UndoAsync(IDbContextTransaction? own, IDbContextTransaction? ambient, CancellationToken cancellationToken)
    {
        if (own is not null)
        {
            await own.RollbackAsync(cancellationToken).ConfigureAwait(false);
        }
        else if (ambient is not null)
        {
            await ambient.RollbackToSavepointAsync(Savepoint, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Collisions with another writer that are not EF update exceptions: PostgreSQL serialization failures (40001)
    /// and deadlocks (40P01), unique violations raised by bulk statements, and SQLite's busy or locked database.
    /// </summary>
    internal static bool IsCollision(Exception exception) => exception switch
    {
        PostgresException { SqlState: "40001" or "40P01" or "23505" } => true,
        SqliteException { SqliteErrorCode: 5 or 6 or 19 } => true,
        DbException { InnerException: { } inner } => IsCollision(inner),
        _ => false,
    };

    /// <summary>Thrown while staging when the change itself is inconsistent; turned into a Conflict result.</summary>
    private sealed class ConflictException(string message) : Exception(message);

    /// <summary>The rows one write adds or attaches, detached again afterwards so the shared context keeps no stale rows.</summary>
    private sealed class Staging(DbContext context)
    {
        private readonly List<object> _rows = [];

        public void Add(object row)
        {
            context.Add(row);
            _rows.Add(row);
        }

        public void AddRange(IEnumerable<object> rows)
        {
            foreach (var row in rows)
            {
                Add(row);
            }
        }

        /// <summary>Updates a row only if its version column still holds <paramref name="expectedVersion"/>.</summary>
        public void Update(object row, long expectedVersion)
        {
            var entry = context.Attach(row);
            entry.State = EntityState.Modified;
            entry.Property("Version").OriginalValue = expectedVersion;
            _rows.Add(row);
        }

        /// <summary>Overwrites a row without a version check.</summary>
        public void Replace(object row)
        {
            context.Attach(row).State = EntityState.Modified;
            _rows.Add(row);
        }

        public void Detach()
        {
            foreach (var row in _rows)
            {
                context.Entry(row).State = EntityState.Detached;
            }

            _rows.Clear();
        }
    }
}
