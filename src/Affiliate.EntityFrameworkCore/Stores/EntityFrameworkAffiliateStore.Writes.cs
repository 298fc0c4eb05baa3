using System.Data.Common;
using Affiliate.Stores;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Affiliate.EntityFrameworkCore;

public sealed partial class EntityFrameworkAffiliateStore
{
    private const string Savepoint = "affiliate_write";

    /// <summary>
    /// Runs one write: in a transaction of its own, or in a savepoint of the host's transaction. <paramref
    /// name="stage"/> adds and attaches rows (or answers early); a collision with another writer (see <see
    /// cref="IsWriteCollision"/>) rolls everything back and <paramref name="explainFailure"/> says, after the rollback,
    /// whether it was a duplicate or a conflict. Any other failure is rolled back the same way, then thrown: it is not
    /// the caller's duplicate. <paramref name="rollups"/> are applied after the staged rows are saved, in the same
    /// transaction: last, so that a write holds its rollup rows' locks (shared by many writers) for as short a time as
    /// it can.
    /// </summary>
    /// <remarks>
    /// A write of its own runs in the context's execution strategy, so that a host with <c>EnableRetryOnFailure</c>
    /// gets its transient failures retried instead of EF refusing the user-initiated transaction. Each attempt begins
    /// a new transaction and stages from scratch: the failed attempt's transaction is rolled back and its rows
    /// detached. Inside the host's transaction the write joins it with a savepoint and never calls the strategy:
    /// a retrying strategy cannot start inside a transaction, and retrying is the host's (it owns the transaction).
    /// </remarks>
    private async ValueTask<StoreWriteResult> WriteAsync(
        Func<Staging, ValueTask<StoreWriteResult?>> stage,
        Func<ValueTask<StoreWriteResult>> explainFailure,
        CancellationToken cancellationToken,
        RollupChange? rollups = null
    )
    {
        if (context.Database.CurrentTransaction is { } ambient)
        {
            return await AttemptAsync(ambient, stage, explainFailure, rollups, cancellationToken).ConfigureAwait(false);
        }

        return await context
            .Database.CreateExecutionStrategy()
            .ExecuteAsync(
                (Store: this, Stage: stage, Explain: explainFailure, Rollups: rollups),
                static async (_, write, token) =>
                    await write
                        .Store.AttemptAsync(null, write.Stage, write.Explain, write.Rollups, token)
                        .ConfigureAwait(false),
                verifySucceeded: null,
                cancellationToken
            )
            .ConfigureAwait(false);
    }

    /// <summary>
    /// One attempt of a write: in a savepoint of <paramref name="ambient"/>, or in a transaction of its own.
    /// </summary>
    private async Task<StoreWriteResult> AttemptAsync(
        IDbContextTransaction? ambient,
        Func<Staging, ValueTask<StoreWriteResult?>> stage,
        Func<ValueTask<StoreWriteResult>> explainFailure,
        RollupChange? rollups,
        CancellationToken cancellationToken
    )
    {
        var staging = new Staging(context);
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
                if (rollups is not null && !rollups.IsEmpty)
                {
                    await RollupSql
                        .ApplyAsync(AffiliateSql.Of(context), rollups, cancellationToken)
                        .ConfigureAwait(false);
                }

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
            catch (Exception exception) when (IsWriteCollision(exception))
            {
                await UndoAsync(own, ambient, cancellationToken).ConfigureAwait(false);
                staging.Detach();
                return await explainFailure().ConfigureAwait(false);
            }
            catch
            {
                await UndoAfterFailureAsync(own, ambient).ConfigureAwait(false);
                throw;
            }
        }
        finally
        {
            // Before the strategy's next attempt too: that attempt stages the same rows again from scratch.
            staging.Detach();
            if (own is not null)
            {
                await own.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static async Task UndoAsync(
        IDbContextTransaction? own,
        IDbContextTransaction? ambient,
        CancellationToken cancellationToken
    )
    {
        if (own is not null)
        {
            await own.RollbackAsync(cancellationToken).ConfigureAwait(false);
        }
        else if (ambient is not null)
        {
            // Rolling back to a savepoint keeps it; release it too, or a long host transaction piles them up.
            await ambient.RollbackToSavepointAsync(Savepoint, cancellationToken).ConfigureAwait(false);
            await ambient.ReleaseSavepointAsync(Savepoint, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Rolls back after a failure that is about to be thrown. A rollback that fails too (a broken connection) must not
    /// hide that failure: the caller sees the original error, and the own transaction is rolled back when disposed.
    /// </summary>
    private static async Task UndoAfterFailureAsync(IDbContextTransaction? own, IDbContextTransaction? ambient)
    {
        try
        {
            await UndoAsync(own, ambient, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception rollback) when (rollback is DbException or InvalidOperationException)
        {
            // The original failure is rethrown by the caller.
        }
    }

    /// <summary>
    /// Whether a failed write collided with another writer, so that it answers Duplicate or Conflict: EF's version
    /// check failed, or the database (directly or wrapped in EF's update exception) reported a collision.
    /// </summary>
    internal bool IsWriteCollision(Exception exception) =>
        exception switch
        {
            DbUpdateConcurrencyException => true,
            DbUpdateException or DbException => IsCollision(exception)
                || (exception.InnerException is { } inner && IsCollision(inner)),
            _ => false,
        };

    /// <summary>
    /// Collisions with another writer that are not EF update exceptions, as the provider package classifies them
    /// (<see cref="AffiliateDatabase.IsCollision"/>): serialization failures, deadlocks, unique violations raised by
    /// bulk statements, a busy or locked database.
    /// </summary>
    private bool IsCollision(Exception exception) => AffiliateDatabases.Default.For(context).IsCollision(exception);

    /// <summary>Thrown while staging when the change itself is inconsistent; turned into a Conflict result.</summary>
    private sealed class ConflictException(string message) : Exception(message);

    /// <summary>
    /// The rows one write adds or attaches, detached again afterwards so the shared context keeps no stale rows.
    /// </summary>
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
