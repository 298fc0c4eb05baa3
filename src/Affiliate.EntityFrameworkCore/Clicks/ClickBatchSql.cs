using System.Data;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace Affiliate.EntityFrameworkCore;

/// <summary>A click to write with the change it makes to the read side.</summary>
/// <param name="Row">The click's row.</param>
/// <param name="Rollups">What the click adds to the rollups, applied only when the click is new.</param>
internal readonly record struct ClickWrite(ClickRow Row, RollupChange Rollups);

/// <summary>
/// Writes one batch of clicks in one transaction, ignoring clicks whose (program, id) is already stored, together with
/// the rollups of the clicks that were new (merged into one change: one upsert per rollup table).
/// PostgreSQL: the ids go into the unpartitioned <c>click_ids</c> table with <c>ON CONFLICT DO NOTHING RETURNING</c>,
/// then a binary COPY writes only the new clicks. SQLite: multi-row <c>INSERT ... ON CONFLICT DO NOTHING RETURNING</c>
/// statements (as few as SQLite's parameter limit and its parameter binding allow).
/// </summary>
internal static class ClickBatchSql
{
    /// <summary>SQLite's default SQLITE_MAX_VARIABLE_NUMBER since 3.32.</summary>
    internal const int SqliteMaxParameters = 32_766;

    /// <summary>The clicks table's columns, in <see cref="ClickRow"/> order (must match the schema scripts).</summary>
    internal static readonly string[] Columns =
    [
        "program_id", "id", "partner_id", "link_id", "sub_ids", "landing_url", "referrer", "user_agent", "visitor_id",
        "occurred_at", "anonymized_ip", "ip_hash", "country", "attributable", "fraud_codes",
    ];

    internal static readonly string ColumnList = string.Join(", ", Columns);

    /// <summary>
    /// Rows per SQLite statement: 16 (240 parameters), far below what the parameter limit allows (2,184 rows of 15
    /// columns). SQLite finds a named parameter by a linear search, so binding a statement costs the square of its
    /// parameters: measured on batches of 500 clicks, 2,184-row statements wrote about 1,500 rows/s and 16-row ones (one
    /// prepared statement reused for every full chunk of the batch) 30,000-40,000 rows/s, as fast as one row each.
    /// </summary>
    internal static readonly int SqliteRowsPerStatement = Math.Min(16, SqliteMaxParameters / Columns.Length);

    private static object?[] Values(ClickRow r) =>
    [
        r.ProgramId, r.Id, r.PartnerId, r.LinkId, r.SubIds, r.LandingUrl, r.Referrer, r.UserAgent, r.VisitorId,
        r.OccurredAt, r.AnonymizedIp, r.IpHash, r.Country, r.Attributable, r.FraudCodes,
    ];

    /// <summary>Writes clicks (unique by program and id) and the new ones' rollups; returns how many are new.</summary>
    public static async Task<int> WriteAsync(
        DbContext context, IReadOnlyList<ClickWrite> clicks, CancellationToken cancellationToken)
    {
        var options = AffiliateModelOptions.Of(context);
        var provider = AffiliateSchema.ProviderOf(context);
        await context.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var connection = context.Database.GetDbConnection();
            return provider == AffiliateSchema.Provider.PostgreSql
                ? await CopyAsync((NpgsqlConnection)connection, options, clicks, cancellationToken)
                    .ConfigureAwait(false)
                : await InsertAsync((SqliteConnection)connection, options, clicks, cancellationToken)
                    .ConfigureAwait(false);
        }
        finally
        {
            await context.Database.CloseConnectionAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The rollups of the clicks that were written, merged.</summary>
    private static RollupChange Merge(IReadOnlyList<ClickWrite> clicks, HashSet<(string, string)> written)
    {
        var merged = new RollupChange();
        foreach (var click in clicks)
        {
            if (written.Contains((click.Row.ProgramId, click.Row.Id)))
            {
                merged.Add(click.Rollups);
            }
        }

        return merged;
    }

    private static async Task<int> CopyAsync(
        NpgsqlConnection connection,
        AffiliateModelOptions options,
        IReadOnlyList<ClickWrite> clicks,
        CancellationToken cancellationToken)
    {
        const AffiliateSchema.Provider Provider = AffiliateSchema.Provider.PostgreSql;
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var sql = new AffiliateSql(connection, transaction, Provider, options);

        // The clicks key holds occurred_at (the partition column), so it keeps ids unique per month only, and probing
        // every month for each id (NOT EXISTS) cost most of a batch. The ids go into click_ids (program, id) instead,
        // in one order for every writer so that two batches cannot deadlock: ON CONFLICT DO NOTHING waits for a racing
        // writer's uncommitted id and then skips it, and RETURNING names the ids that are new.
        var ordered = clicks
            .OrderBy(c => c.Row.ProgramId, StringComparer.Ordinal).ThenBy(c => c.Row.Id, StringComparer.Ordinal)
            .ToArray();
        var ids = sql.Rows(
            new("program_id", AffiliateSql.ColumnType.Text),
            new("id", AffiliateSql.ColumnType.Text),
            new("occurred_at", AffiliateSql.ColumnType.BigInt));
        foreach (var click in ordered)
        {
            ids.Row().Add(click.Row.ProgramId).Add(click.Row.Id).Add(click.Row.OccurredAt);
        }

        var (select, parameters) = ids.Build("k");
        var written = (await sql.QueryAsync(
            $"INSERT INTO {sql.Table("click_ids")} (program_id, id, occurred_at) " +
            $"SELECT program_id, id, occurred_at FROM ({select}) s ORDER BY ordinal " +
            "ON CONFLICT DO NOTHING RETURNING program_id, id",
            r => (r.GetString(0), r.GetString(1)),
            cancellationToken,
            parameters).ConfigureAwait(false)).ToHashSet();

        if (written.Count > 0)
        {
            var importer = await connection.BeginBinaryImportAsync(
                $"COPY {sql.Table("clicks")} ({ColumnList}) FROM STDIN (FORMAT BINARY)",
                cancellationToken).ConfigureAwait(false);
            await using (importer.ConfigureAwait(false))
            {
                foreach (var row in ordered.Select(c => c.Row).Where(r => written.Contains((r.ProgramId, r.Id))))
                {
                    await importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
                    await Text(importer, row.ProgramId, cancellationToken).ConfigureAwait(false);
                    await Text(importer, row.Id, cancellationToken).ConfigureAwait(false);
                    await Text(importer, row.PartnerId, cancellationToken).ConfigureAwait(false);
                    await Text(importer, row.LinkId, cancellationToken).ConfigureAwait(false);
                    await Text(importer, row.SubIds, cancellationToken).ConfigureAwait(false);
                    await Text(importer, row.LandingUrl, cancellationToken).ConfigureAwait(false);
                    await Text(importer, row.Referrer, cancellationToken).ConfigureAwait(false);
                    await Text(importer, row.UserAgent, cancellationToken).ConfigureAwait(false);
                    await Text(importer, row.VisitorId, cancellationToken).ConfigureAwait(false);
                    await importer.WriteAsync(row.OccurredAt, NpgsqlDbType.Bigint, cancellationToken)
                        .ConfigureAwait(false);
                    await Text(importer, row.AnonymizedIp, cancellationToken).ConfigureAwait(false);
                    await Text(importer, row.IpHash, cancellationToken).ConfigureAwait(false);
                    await Text(importer, row.Country, cancellationToken).ConfigureAwait(false);
                    await importer.WriteAsync(row.Attributable, NpgsqlDbType.Boolean, cancellationToken)
                        .ConfigureAwait(false);
                    await Text(importer, row.FraudCodes, cancellationToken).ConfigureAwait(false);
                }

                await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
            }

            await RollupSql.ApplyAsync(sql, Merge(clicks, written), cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return written.Count;
    }

    private static Task Text(NpgsqlBinaryImporter importer, string? value, CancellationToken cancellationToken) =>
        value is null ? importer.WriteNullAsync(cancellationToken) : importer.WriteAsync(value, NpgsqlDbType.Text, cancellationToken);

    private static async Task<int> InsertAsync(
        SqliteConnection connection,
        AffiliateModelOptions options,
        IReadOnlyList<ClickWrite> clicks,
        CancellationToken cancellationToken)
    {
        var table = AffiliateSchema.Table(options, AffiliateSchema.Provider.Sqlite, "clicks");
        var rows = clicks.Select(c => c.Row).ToList();

        // BEGIN IMMEDIATE: the write lock is taken up front, so the batch never fails half-way on a busy database.
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(IsolationLevel.Serializable, cancellationToken).ConfigureAwait(false);
        var written = new HashSet<(string, string)>();
        var perStatement = SqliteRowsPerStatement;
        SqliteCommand? full = null;
        try
        {
            for (var start = 0; start < rows.Count; start += perStatement)
            {
                var count = Math.Min(perStatement, rows.Count - start);
                SqliteCommand command;
                if (count == perStatement)
                {
                    // Full chunks reuse one prepared statement: only the values change.
                    command = full ??= InsertCommand(connection, transaction, table, count);
                }
                else
                {
                    command = InsertCommand(connection, transaction, table, count);
                }

                try
                {
                    for (var i = 0; i < count; i++)
                    {
                        var values = Values(rows[start + i]);
                        for (var c = 0; c < values.Length; c++)
                        {
                            command.Parameters[(i * values.Length) + c].Value = values[c] ?? DBNull.Value;
                        }
                    }

                    // RETURNING names the rows inserted (a conflicting one returns nothing), whose rollups then apply.
                    await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        written.Add((reader.GetString(0), reader.GetString(1)));
                    }
                }
                finally
                {
                    if (command != full)
                    {
                        await command.DisposeAsync().ConfigureAwait(false);
                    }
                }
            }
        }
        finally
        {
            if (full is not null)
            {
                await full.DisposeAsync().ConfigureAwait(false);
            }
        }

        if (written.Count > 0)
        {
            var sql = new AffiliateSql(connection, transaction, AffiliateSchema.Provider.Sqlite, options);
            await RollupSql.ApplyAsync(sql, Merge(clicks, written), cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return written.Count;
    }

    /// <summary>
    /// <c>INSERT INTO clicks (...) VALUES (@p0, ...), (...) ON CONFLICT DO NOTHING RETURNING program_id, id</c> for
    /// <paramref name="count"/> rows.
    /// </summary>
    private static SqliteCommand InsertCommand(SqliteConnection connection, SqliteTransaction transaction, string table, int count)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        var sql = new StringBuilder(64 + (count * Columns.Length * 8));
        sql.Append("INSERT INTO ").Append(table).Append(" (").Append(ColumnList).Append(") VALUES ");
        for (var i = 0; i < count; i++)
        {
            sql.Append(i == 0 ? "(" : ",(");
            for (var c = 0; c < Columns.Length; c++)
            {
                var name = "@p" + ((i * Columns.Length) + c).ToString(CultureInfo.InvariantCulture);
                sql.Append(c == 0 ? string.Empty : ",").Append(name);
                command.Parameters.Add(new SqliteParameter { ParameterName = name });
            }

            sql.Append(')');
        }

        sql.Append(" ON CONFLICT DO NOTHING RETURNING program_id, id");
        command.CommandText = sql.ToString();
        return command;
    }
}
