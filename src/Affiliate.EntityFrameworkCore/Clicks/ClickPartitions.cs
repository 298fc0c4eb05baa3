using System.Data.Common;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Affiliate.EntityFrameworkCore;

/// <summary>
/// Monthly partitions of the clicks table on PostgreSQL, and click retention on every provider.
/// </summary>
/// <remarks>
/// <para>
/// On PostgreSQL the clicks table is partitioned by range of <c>occurred_at</c> (Unix ticks) and has a DEFAULT
/// partition that catches every click no other partition covers. <see cref="EnsureMonthsAsync"/> adds one partition
/// per <b>UTC calendar month</b>, named <c>{prefix}clicks_yYYYYmMM</c> (e.g. <c>affiliate_clicks_y2026m03</c>) and
/// covering [first instant of the month, first instant of the next month) in UTC, whatever the programs' time zones.
/// Run it ahead of time (at start and, say, daily with a few months ahead): clicks then land in their month, and
/// retention drops whole months instead of deleting rows.
/// </para>
/// <para>
/// <see cref="DeleteClicksOlderThanAsync"/> drops the monthly partitions that end at or before the cutoff and
/// deletes the older rows left elsewhere (the DEFAULT partition, a month that straddles the cutoff), and the ids of
/// those clicks from <c>click_ids</c>: an id deleted by retention may be recorded again. On SQLite, which has no
/// partitions, it deletes the rows and <see cref="EnsureMonthsAsync"/> does nothing. The daily rollups, visitors and
/// activity counters the clicks made are kept.
/// </para>
/// <para>
/// Both are safe to run from several instances at once (they serialise on an advisory lock) and take short, strong
/// locks: attaching a month holds click inserts back while the DEFAULT partition's rows of that month move, and
/// dropping a month locks the clicks table for the drop. Run them off-peak, not in a request.
/// </para>
/// </remarks>
public static class ClickPartitions
{
    private const long AdvisoryLockKey = 0x41_66_66_43_6C_69_63; // "AffClic"

    /// <summary>
    /// The name of the partition for the UTC month that contains <paramref name="instant"/>, without schema.
    /// </summary>
    public static string PartitionName(string tablePrefix, Instant instant)
    {
        ArgumentNullException.ThrowIfNull(tablePrefix);
        var date = instant.InUtc().Date;
        return string.Create(CultureInfo.InvariantCulture, $"{tablePrefix}clicks_y{date.Year:D4}m{date.Month:D2}")
            .ToLowerInvariant();
    }

    /// <summary>
    /// Makes sure the clicks table has a partition for the UTC month containing <paramref name="from"/> and for each
    /// of the <paramref name="monthsAhead"/> months after it; returns the names of the partitions created (empty when
    /// all existed, and always on SQLite). Idempotent. Clicks of a new month already stored in the DEFAULT partition
    /// are moved into it, in the same transaction, so nothing is lost or duplicated.
    /// </summary>
    public static async Task<IReadOnlyList<string>> EnsureMonthsAsync(
        DbContext context,
        Instant from,
        int monthsAhead,
        CancellationToken cancellationToken = default
    )
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentOutOfRangeException.ThrowIfNegative(monthsAhead);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(monthsAhead, 1200);
        var options = AffiliateModelOptions.Of(context);
        if (AffiliateSchema.ProviderOf(context) != AffiliateSchema.Provider.PostgreSql)
        {
            return [];
        }

        var clicks = AffiliateSchema.Table(options, AffiliateSchema.Provider.PostgreSql, "clicks");
        return await InTransactionAsync(
                context,
                async (connection, transaction) =>
                {
                    await ExecuteAsync(
                            connection,
                            transaction,
                            $"SELECT pg_advisory_xact_lock({AdvisoryLockKey})",
                            cancellationToken
                        )
                        .ConfigureAwait(false);
                    var existing = (
                        await PartitionsAsync(connection, transaction, clicks, cancellationToken).ConfigureAwait(false)
                    ).ToHashSet(StringComparer.Ordinal);
                    var defaultPartition = await DefaultPartitionAsync(
                            connection,
                            transaction,
                            clicks,
                            cancellationToken
                        )
                        .ConfigureAwait(false);
                    var created = new List<string>();
                    var month = MonthStart(from);
                    for (var i = 0; i <= monthsAhead; i++, month = month.PlusMonths(1))
                    {
                        var start = month.AtStartOfDayInZone(DateTimeZone.Utc).ToInstant();
                        var name = PartitionName(options.TablePrefix, start);
                        if (existing.Contains(name))
                        {
                            continue;
                        }

                        var (low, high) = (
                            start.ToUnixTimeTicks(),
                            month.PlusMonths(1).AtStartOfDayInZone(DateTimeZone.Utc).ToInstant().ToUnixTimeTicks()
                        );
                        var partition = AffiliateSchema.Table(
                            options,
                            AffiliateSchema.Provider.PostgreSql,
                            name[options.TablePrefix.Length..]
                        );
                        var bounds = string.Create(
                            CultureInfo.InvariantCulture,
                            $"FOR VALUES FROM ({low}) TO ({high})"
                        );
                        var range = string.Create(
                            CultureInfo.InvariantCulture,
                            $"occurred_at >= {low} AND occurred_at < {high}"
                        );

                        // Made as a plain table, filled with the month's rows from the DEFAULT partition (locked
                        // against writes meanwhile, so none slips in between), then attached: the check constraint
                        // spares PostgreSQL a scan of the new table, and the parent's indexes and key are created on it
                        // by the attach.
                        await ExecuteAsync(
                                connection,
                                transaction,
                                $"CREATE TABLE {partition} (LIKE {clicks} INCLUDING DEFAULTS)",
                                cancellationToken
                            )
                            .ConfigureAwait(false);
                        await ExecuteAsync(
                                connection,
                                transaction,
                                $"ALTER TABLE {partition} ADD CONSTRAINT {name}_range CHECK ({range})",
                                cancellationToken
                            )
                            .ConfigureAwait(false);
                        if (defaultPartition is not null)
                        {
                            // The parent first: an insert routes its row to a partition when it starts, so one that
                            // routed to DEFAULT before the attach would fail its partition check after it
                            // ("violates partition constraint"). This lock waits for inserts under way and holds new
                            // ones back until the month is attached; reads go on.
                            await ExecuteAsync(
                                    connection,
                                    transaction,
                                    $"LOCK TABLE {clicks} IN SHARE ROW EXCLUSIVE MODE",
                                    cancellationToken
                                )
                                .ConfigureAwait(false);
                            await ExecuteAsync(
                                    connection,
                                    transaction,
                                    $"LOCK TABLE {defaultPartition} IN EXCLUSIVE MODE",
                                    cancellationToken
                                )
                                .ConfigureAwait(false);
                            await ExecuteAsync(
                                    connection,
                                    transaction,
                                    $"WITH moved AS (DELETE FROM {defaultPartition} WHERE {range} RETURNING "
                                        + $"{ClickBatchSql.ColumnList}) "
                                        + $"INSERT INTO {partition} ({ClickBatchSql.ColumnList}) SELECT "
                                        + $"{ClickBatchSql.ColumnList} FROM moved",
                                    cancellationToken
                                )
                                .ConfigureAwait(false);
                        }

                        await ExecuteAsync(
                                connection,
                                transaction,
                                $"ALTER TABLE {clicks} ATTACH PARTITION {partition} {bounds}",
                                cancellationToken
                            )
                            .ConfigureAwait(false);
                        await ExecuteAsync(
                                connection,
                                transaction,
                                $"ALTER TABLE {partition} DROP CONSTRAINT {name}_range",
                                cancellationToken
                            )
                            .ConfigureAwait(false);
                        created.Add(name);
                    }

                    return (IReadOnlyList<string>)created;
                },
                cancellationToken
            )
            .ConfigureAwait(false);
    }

    /// <summary>
    /// Deletes every click that occurred before <paramref name="cutoff"/>, in every program. On PostgreSQL the monthly
    /// partitions that end at or before the cutoff are dropped whole (their rows are not counted one by one), then
    /// older rows elsewhere (the DEFAULT partition, the month the cutoff falls in) are deleted. On SQLite the rows
    /// are deleted. Clicks at or after the cutoff are kept; instants are stored as whole ticks (100 ns), so a cutoff
    /// inside a tick counts from the next whole tick, as query bounds do.
    /// </summary>
    public static async Task<ClickRetentionResult> DeleteClicksOlderThanAsync(
        DbContext context,
        Instant cutoff,
        CancellationToken cancellationToken = default
    )
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = AffiliateModelOptions.Of(context);
        var provider = AffiliateSchema.ProviderOf(context);
        var clicks = AffiliateSchema.Table(options, provider, "clicks");

        // Stored instants are whole ticks: like every query bound, a cutoff inside a tick counts from the next whole
        // tick, so a click stored in the cutoff's own tick is deleted, as a query from the cutoff leaves it out.
        var ticks = RowMapper.TicksAtOrAfter(cutoff);
        return await InTransactionAsync(
                context,
                async (connection, transaction) =>
                {
                    var dropped = new List<string>();
                    if (provider == AffiliateSchema.Provider.PostgreSql)
                    {
                        await ExecuteAsync(
                                connection,
                                transaction,
                                $"SELECT pg_advisory_xact_lock({AdvisoryLockKey})",
                                cancellationToken
                            )
                            .ConfigureAwait(false);
                        var monthly = MonthlyPartition(options.TablePrefix);
                        foreach (
                            var name in await PartitionsAsync(connection, transaction, clicks, cancellationToken)
                                .ConfigureAwait(false)
                        )
                        {
                            var match = monthly.Match(name);
                            if (!match.Success)
                            {
                                continue;
                            }

                            var year = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
                            var month = int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
                            if (month is < 1 or > 12)
                            {
                                continue;
                            }

                            var end = new LocalDate(year, month, 1)
                                .PlusMonths(1)
                                .AtStartOfDayInZone(DateTimeZone.Utc)
                                .ToInstant();
                            if (end <= cutoff)
                            {
                                await ExecuteAsync(
                                        connection,
                                        transaction,
                                        "DROP TABLE "
                                            + AffiliateSchema.Table(
                                                options,
                                                provider,
                                                name[options.TablePrefix.Length..]
                                            ),
                                        cancellationToken
                                    )
                                    .ConfigureAwait(false);
                                dropped.Add(name);
                            }
                        }
                    }

                    var deleted = await ExecuteAsync(
                            connection,
                            transaction,
                            string.Create(
                                CultureInfo.InvariantCulture,
                                $"DELETE FROM {clicks} WHERE occurred_at < {ticks}"
                            ),
                            cancellationToken
                        )
                        .ConfigureAwait(false);
                    if (provider == AffiliateSchema.Provider.PostgreSql)
                    {
                        // The ids of the deleted clicks go too (click_ids keeps ids unique across months; see schema
                        // 3), so it stays as small as the clicks kept. Its occurred_at is the click's, so it holds the
                        // same cutoff.
                        var ids = AffiliateSchema.Table(options, provider, "click_ids");
                        var deleteIds = string.Create(
                            CultureInfo.InvariantCulture,
                            $"DELETE FROM {ids} WHERE occurred_at < {ticks}"
                        );
                        await ExecuteAsync(connection, transaction, deleteIds, cancellationToken).ConfigureAwait(false);
                    }

                    dropped.Sort(StringComparer.Ordinal);
                    return new ClickRetentionResult(dropped, deleted);
                },
                cancellationToken
            )
            .ConfigureAwait(false);
    }

    private static LocalDate MonthStart(Instant instant)
    {
        var date = instant.InUtc().Date;
        return new LocalDate(date.Year, date.Month, 1);
    }

    private static Regex MonthlyPartition(string prefix) =>
        new(
            "^" + Regex.Escape(prefix.ToLowerInvariant()) + @"clicks_y(\d{4})m(\d{2})$",
            RegexOptions.CultureInvariant,
            TimeSpan.FromSeconds(1)
        );

    /// <summary>The names (relname) of the partitions attached to the clicks table.</summary>
    private static async Task<List<string>> PartitionsAsync(
        DbConnection connection,
        DbTransaction transaction,
        string clicks,
        CancellationToken cancellationToken
    )
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText =
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = "
            + "to_regclass(@parent) ORDER BY c.relname";
        var parameter = command.CreateParameter();
        parameter.ParameterName = "parent";
        parameter.Value = clicks;
        command.Parameters.Add(parameter);
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    /// <summary>The clicks table's DEFAULT partition as a qualified name, or null when it has none.</summary>
    private static async Task<string?> DefaultPartitionAsync(
        DbConnection connection,
        DbTransaction transaction,
        string clicks,
        CancellationToken cancellationToken
    )
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText =
            "SELECT p.partdefid::regclass::text FROM pg_partitioned_table p WHERE p.partrelid = to_regclass(@parent) "
            + "AND p.partdefid <> 0";
        var parameter = command.CreateParameter();
        parameter.ParameterName = "parent";
        parameter.Value = clicks;
        command.Parameters.Add(parameter);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
    }

    private static async Task<int> ExecuteAsync(
        DbConnection connection,
        DbTransaction transaction,
        string sql,
        CancellationToken cancellationToken
    )
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs <paramref name="work"/> in the context's current transaction, or in one of its own that it commits, in
    /// the context's execution strategy (retried whole after a transient failure with <c>EnableRetryOnFailure</c>).
    /// </summary>
    private static async Task<T> InTransactionAsync<T>(
        DbContext context,
        Func<DbConnection, DbTransaction, Task<T>> work,
        CancellationToken cancellationToken
    )
    {
        if (context.Database.CurrentTransaction is { } ambient)
        {
            return await work(context.Database.GetDbConnection(), ambient.GetDbTransaction()).ConfigureAwait(false);
        }

        return await context
            .Database.CreateExecutionStrategy()
            .ExecuteAsync(
                work,
                static (context, work, token) => OwnTransactionAsync(context, work, token),
                verifySucceeded: null,
                cancellationToken
            )
            .ConfigureAwait(false);
    }

    private static async Task<T> OwnTransactionAsync<T>(
        DbContext context,
        Func<DbConnection, DbTransaction, Task<T>> work,
        CancellationToken cancellationToken
    )
    {
        await context.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var connection = context.Database.GetDbConnection();
            await using var transaction = await connection
                .BeginTransactionAsync(cancellationToken)
                .ConfigureAwait(false);
            var result = await work(connection, transaction).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return result;
        }
        finally
        {
            await context.Database.CloseConnectionAsync().ConfigureAwait(false);
        }
    }
}

/// <summary>What <see cref="ClickPartitions.DeleteClicksOlderThanAsync"/> removed.</summary>
/// <param name="DroppedPartitions">The monthly partitions dropped whole (PostgreSQL), by name.</param>
/// <param name="RowsDeleted">The rows deleted one by one: from the DEFAULT partition and a month straddling the cutoff
/// on PostgreSQL, every older row on SQLite. Rows of dropped partitions are not counted.</param>
public sealed record ClickRetentionResult(IReadOnlyList<string> DroppedPartitions, int RowsDeleted)
{
    /// <summary>How many monthly partitions were dropped.</summary>
    public int PartitionsDropped => DroppedPartitions.Count;
}
