using System.Data;
using System.Globalization;
using System.Text;
using Affiliate.EntityFrameworkCore.Entities;
using Affiliate.EntityFrameworkCore.Schema;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace Affiliate.EntityFrameworkCore.Clicks;

/// <summary>
/// Writes one batch of click rows in one transaction, ignoring clicks whose (program, id) is already stored:
/// PostgreSQL with a binary COPY into a temporary table, the click ids' advisory locks, and one
/// <c>INSERT ... SELECT ... ON CONFLICT DO NOTHING</c>,
/// SQLite with multi-row <c>INSERT OR IGNORE</c> statements (as few as SQLite's parameter limit allows).
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

    /// <summary>Writes the rows (unique by program and id); returns how many were new.</summary>
    public static async Task<int> WriteAsync(DbContext context, IReadOnlyList<ClickRow> rows, CancellationToken cancellationToken)
    {
        var options = AffiliateModelOptions.Of(context);
        var provider = AffiliateSchema.ProviderOf(context);
        var table = AffiliateSchema.Table(options, provider, "clicks");
        await context.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var connection = context.Database.GetDbConnection();
            return provider == AffiliateSchema.Provider.PostgreSql
                ? await CopyAsync((NpgsqlConnection)connection, table, options.TablePrefix + "clicks_stage", rows, cancellationToken).ConfigureAwait(false)
                : await InsertAsync((SqliteConnection)connection, table, rows, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await context.Database.CloseConnectionAsync().ConfigureAwait(false);
        }
    }

    private static async Task<int> CopyAsync(NpgsqlConnection connection, string table, string stage, IReadOnlyList<ClickRow> rows, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        // A temporary table of the session, gone at commit or rollback (pooled connections never see a stale one).
        await using (var create = new NpgsqlCommand($"CREATE TEMPORARY TABLE {stage} (LIKE {table} INCLUDING DEFAULTS) ON COMMIT DROP", connection, transaction))
        {
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        var importer = await connection.BeginBinaryImportAsync($"COPY {stage} ({ColumnList}) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false);
        await using (importer.ConfigureAwait(false))
        {
            foreach (var row in rows)
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
                await importer.WriteAsync(row.OccurredAt, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                await Text(importer, row.AnonymizedIp, cancellationToken).ConfigureAwait(false);
                await Text(importer, row.IpHash, cancellationToken).ConfigureAwait(false);
                await Text(importer, row.Country, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(row.Attributable, NpgsqlDbType.Boolean, cancellationToken).ConfigureAwait(false);
                await Text(importer, row.FraudCodes, cancellationToken).ConfigureAwait(false);
            }

            await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        // The key holds occurred_at (the partition column), so ON CONFLICT alone would let the same click id at another
        // instant through, and NOT EXISTS alone misses a racing writer's uncommitted row. So, first, the batch takes
        // the same transaction-scoped advisory lock per click id as the store's AddClickAsync (same key text, same
        // hash), in one order for every writer so two batches cannot deadlock: a racing writer waits here until the
        // winner commits. Then NOT EXISTS, in the INSERT's own later snapshot, sees the winner's rows; ON CONFLICT
        // covers the rest.
        await using (var locks = new NpgsqlCommand(
            $"SELECT pg_advisory_xact_lock(hashtextextended('click:' || s.program_id || ':' || s.id, 0)) " +
            $"FROM (SELECT DISTINCT program_id, id FROM {stage} ORDER BY program_id, id) s",
            connection,
            transaction))
        {
            await locks.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        int inserted;
        await using (var insert = new NpgsqlCommand(
            $"INSERT INTO {table} ({ColumnList}) SELECT {ColumnList} FROM {stage} s " +
            $"WHERE NOT EXISTS (SELECT 1 FROM {table} c WHERE c.program_id = s.program_id AND c.id = s.id) ON CONFLICT DO NOTHING",
            connection,
            transaction))
        {
            inserted = await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return inserted;
    }

    private static Task Text(NpgsqlBinaryImporter importer, string? value, CancellationToken cancellationToken) =>
        value is null ? importer.WriteNullAsync(cancellationToken) : importer.WriteAsync(value, NpgsqlDbType.Text, cancellationToken);

    private static async Task<int> InsertAsync(SqliteConnection connection, string table, IReadOnlyList<ClickRow> rows, CancellationToken cancellationToken)
    {
        // BEGIN IMMEDIATE: the write lock is taken up front, so the batch never fails half-way on a busy database.
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(IsolationLevel.Serializable, cancellationToken).ConfigureAwait(false);
        var inserted = 0;
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

                    inserted += await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
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

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return inserted;
    }

    /// <summary><c>INSERT OR IGNORE INTO clicks (...) VALUES (@p0, ...), (...)</c> for <paramref name="count"/> rows.</summary>
    private static SqliteCommand InsertCommand(SqliteConnection connection, SqliteTransaction transaction, string table, int count)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        var sql = new StringBuilder(64 + (count * Columns.Length * 8));
        sql.Append("INSERT OR IGNORE INTO ").Append(table).Append(" (").Append(ColumnList).Append(") VALUES ");
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

        command.CommandText = sql.ToString();
        return command;
    }
}
