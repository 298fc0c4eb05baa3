using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace Affiliate.EntityFrameworkCore.Sqlite;

/// <summary>
/// Sets SQLite up for a ledger on every connection the affiliate context opens: write-ahead logging (readers never
/// block the writer), synchronous=FULL (a committed commission survives a power cut, not only a crash), and a busy
/// timeout so concurrent writers wait instead of failing at once. Called by <see cref="SqliteAffiliateDatabase"/>
/// from the neutral package's connection interceptor.
/// </summary>
/// <remarks>
/// The settings belong to the native connection, which Microsoft.Data.Sqlite's pool keeps open and hands to the next
/// <c>SqliteConnection</c> opened with the same connection string: so they are set once per native connection (the
/// first time it is opened), not on every open. Code that changes one for a while (the bulk click writer relaxes
/// synchronous for its batches) puts it back before the connection returns to the pool.
/// </remarks>
internal static class SqlitePragmas
{
    internal const string Pragmas =
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 30000;";

    private static readonly object Done = new();
    private static readonly ConditionalWeakTable<object, object> Prepared = new();

    public static void Apply(DbConnection connection)
    {
        if (Unprepared(connection) is { } sqlite)
        {
            using var command = sqlite.CreateCommand();
            command.CommandText = Pragmas;
            command.ExecuteNonQuery();
            Prepared.AddOrUpdate(sqlite.Handle!, Done);
        }
    }

    public static async Task ApplyAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        if (Unprepared(connection) is { } sqlite)
        {
            await using var command = sqlite.CreateCommand();
            command.CommandText = Pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            Prepared.AddOrUpdate(sqlite.Handle!, Done);
        }
    }

    /// <summary>
    /// The connection when it is SQLite, writable, and its native connection has not had the pragmas yet. A read-only
    /// one is left alone: it cannot switch the journal to WAL, and EF opens one of its own to see whether the file
    /// exists (<c>Database.EnsureCreatedAsync</c>), which must not fail for it.
    /// </summary>
    private static SqliteConnection? Unprepared(DbConnection connection) =>
        connection is SqliteConnection { Handle: { } handle } sqlite
        && !Prepared.TryGetValue(handle, out _)
        && new SqliteConnectionStringBuilder(sqlite.ConnectionString).Mode != SqliteOpenMode.ReadOnly
            ? sqlite
            : null;
}
