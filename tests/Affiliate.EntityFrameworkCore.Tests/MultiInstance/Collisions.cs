using System.Collections.Concurrent;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace Affiliate.EntityFrameworkCore.Tests.MultiInstance;

/// <summary>
/// Counts, across every instance of a fleet, the database errors the store turned into results: failed commands by
/// SQLSTATE (23505 unique violation, 40001 serialization failure, 40P01 deadlock) or SQLite code, and optimistic
/// concurrency failures (an UPDATE whose version check matched no row). The races print it, which shows whether the
/// racers really collided in the database or one of them simply got there first. Thread-safe.
/// </summary>
public sealed class Collisions
{
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);

    // A failed statement is seen by the command interceptor when it is the first of its batch, and only through
    // SaveChangesFailed when a later statement of an EF batch fails; each exception is counted once.
    private readonly ConditionalWeakTable<Exception, object> _counted = [];

    public Collisions()
    {
        Commands = new CommandErrors(this);
        Saves = new SaveErrors(this);
    }

    /// <summary>The interceptors to add to every instance's context options.</summary>
    public IInterceptor[] Interceptors => [Commands, Saves];

    private CommandErrors Commands { get; }

    private SaveErrors Saves { get; }

    /// <summary>
    /// What was counted since the last call, e.g. <c>23505 x9, version x3</c>, and starts counting again.
    /// </summary>
    public string TakeSummary()
    {
        var taken = new List<string>();
        foreach (var key in _counts.Keys.Order(StringComparer.Ordinal))
        {
            if (_counts.TryRemove(key, out var count))
            {
                taken.Add($"{key} x{count}");
            }
        }

        return taken.Count == 0 ? "no collisions in the database" : string.Join(", ", taken);
    }

    private void Count(string what) => _counts.AddOrUpdate(what, 1, (_, n) => n + 1);

    private void CountCommand(Exception exception)
    {
        if (!_counted.TryAdd(exception, exception))
        {
            return;
        }

        switch (exception)
        {
            case PostgresException postgres:
                Count(postgres.SqlState);
                break;
            case SqliteException sqlite:
                Count($"SQLITE_{sqlite.SqliteErrorCode}/{sqlite.SqliteExtendedErrorCode}");
                break;
            case DbException { InnerException: { } inner }:
                CountCommand(inner);
                break;
            case DbUpdateException { InnerException: { } inner }:
                CountCommand(inner);
                break;
            default:
                Count(exception.GetType().Name);
                break;
        }
    }

    private sealed class CommandErrors(Collisions owner) : DbCommandInterceptor
    {
        public override void CommandFailed(DbCommand command, CommandErrorEventData eventData) =>
            owner.CountCommand(eventData.Exception);

        public override Task CommandFailedAsync(
            DbCommand command,
            CommandErrorEventData eventData,
            CancellationToken cancellationToken = default
        )
        {
            owner.CountCommand(eventData.Exception);
            return Task.CompletedTask;
        }
    }

    private sealed class SaveErrors(Collisions owner) : SaveChangesInterceptor
    {
        public override void SaveChangesFailed(DbContextErrorEventData eventData) =>
            owner.CountCommand(eventData.Exception);

        public override Task SaveChangesFailedAsync(
            DbContextErrorEventData eventData,
            CancellationToken cancellationToken = default
        )
        {
            owner.CountCommand(eventData.Exception);
            return Task.CompletedTask;
        }

        // EF reports a failed version check here (not through SaveChangesFailed) just before it throws.
        public override InterceptionResult ThrowingConcurrencyException(
            ConcurrencyExceptionEventData eventData,
            InterceptionResult result
        )
        {
            owner.Count("version");
            return result;
        }

        public override ValueTask<InterceptionResult> ThrowingConcurrencyExceptionAsync(
            ConcurrencyExceptionEventData eventData,
            InterceptionResult result,
            CancellationToken cancellationToken = default
        )
        {
            owner.Count("version");
            return ValueTask.FromResult(result);
        }
    }
}
