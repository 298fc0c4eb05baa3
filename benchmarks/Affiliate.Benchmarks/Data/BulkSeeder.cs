using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Affiliate.Benchmarks.Infrastructure;
using Affiliate.EntityFrameworkCore;
using Affiliate.Stores;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NpgsqlTypes;

namespace Affiliate.Benchmarks.Data;

/// <summary>
/// Writes the same data as <see cref="Seeder"/> (checked row by row by <see cref="SeederCheck"/>), with the history in
/// bulk: the sales of <see cref="Seeder.Sales"/> turned into rows the way the EF store maps them, inserted with one
/// statement per few thousand rows (SQLite: <c>INSERT ... SELECT</c> over <c>json_each</c> of one JSON parameter,
/// all in one transaction; PostgreSQL: binary COPY), then the read side (daily_stats, daily_visitors, activity,
/// partner_balances) computed from those rows by GROUP BY in SQL. Partners, shoppers and the jobs go through the
/// library as in <see cref="Seeder"/>: they are few rows, or set-based already.
/// </summary>
/// <remarks>
/// The rollup SQL covers what the history holds and no more: attributed conversions credited to one partner through
/// their click, in the program's currency, not refunded, in a program in UTC. <see cref="HistoryAsync"/> checks every
/// sale against that before writing anything, so a change of <see cref="Seeder"/>'s data fails loudly here instead of
/// seeding rollups that disagree with the rows.
/// </remarks>
public sealed class BulkSeeder : ISeeder
{
    /// <summary>Sales generated, mapped and written per round: bounds the memory a million lines need.</summary>
    private const int Chunk = 5_000;

    /// <summary>Rows per INSERT on SQLite (one JSON parameter each).</summary>
    private const int SqliteRows = 2_000;

    private readonly Seeder _library = new();

    /// <inheritdoc />
    public Task PartnersAsync(BenchHost host) => _library.PartnersAsync(host);

    /// <inheritdoc />
    public Task ShoppersAsync(BenchHost host, int visitors) => _library.ShoppersAsync(host, visitors);

    /// <inheritdoc />
    public Task ApproveAsync(BenchHost host) => _library.ApproveAsync(host);

    /// <inheritdoc />
    public Task CreatePayoutsAsync(BenchHost host) => _library.CreatePayoutsAsync(host);

    /// <inheritdoc />
    public async Task HistoryAsync(BenchHost host, int? conversions = null, int? lines = null)
    {
        ArgumentNullException.ThrowIfNull(host);
        var partners = await Seeder.PartnersOfAsync(host);
        var anonymizer = host.Services.GetRequiredService<IpAddressAnonymizer>();
        var sellers = Seeder.Sellers(conversions, lines);
        var postgres = host.Database.Provider == Provider.PostgreSql;
        await host.InScopeAsync(async services =>
        {
            var context = services.GetRequiredService<AffiliateDbContext>();
            await using var transaction = await context.Database.BeginTransactionAsync();
            var connection = context.Database.GetDbConnection();
            var dbTransaction = transaction.GetDbTransaction();
            await ExpectEmptyAsync(connection, dbTransaction);

            var tables = new List<RowTable> { Tables.Clicks, Tables.Conversions, Tables.ConversionPartners };
            tables.AddRange([Tables.Lines, Tables.Outbox]);
            if (postgres)
            {
                tables.Insert(1, Tables.ClickIds);
            }

            // Where the time goes, for the README's seeding numbers: building the records and rows in C#, writing them,
            // computing the rollups.
            var (building, writing, rollups) = (new Stopwatch(), new Stopwatch(), new Stopwatch());
            building.Start();
            foreach (var sales in Seeder.Sales(partners, sellers, anonymizer, withRollups: false).Chunk(Chunk))
            {
                var rows = tables.ToDictionary(t => t, _ => new List<object?[]>());
                foreach (var (click, record) in sales)
                {
                    Supported(click, record);
                    rows[Tables.Clicks].Add(Rows.Click(click));
                    if (postgres)
                    {
                        rows[Tables.ClickIds].Add([click.ProgramId.Value, click.Id.Value, Ticks(click.OccurredAt)]);
                    }

                    rows[Tables.Conversions].Add(Rows.Conversion(record.Conversion));
                    rows[Tables.ConversionPartners].AddRange(Rows.ConversionPartners(record.Conversion));
                    rows[Tables.Lines].AddRange(record.Lines.Select(Rows.Line));
                    rows[Tables.Outbox].AddRange(record.Events.Select(Rows.Event));
                }

                building.Stop();
                writing.Start();
                foreach (var table in tables)
                {
                    if (postgres)
                    {
                        await CopyAsync((NpgsqlConnection)connection, table, rows[table]);
                    }
                    else
                    {
                        await InsertAsync(connection, dbTransaction, table, rows[table]);
                    }
                }

                writing.Stop();
                building.Start();
            }

            building.Stop();
            rollups.Start();

            var sql = new RollupStatements(postgres);
            foreach (var statement in sql.All)
            {
                await using var command = connection.CreateCommand();
                command.Transaction = dbTransaction;
                command.CommandText = statement;
                command.CommandTimeout = 0;
                await command.ExecuteNonQueryAsync();
            }

            await transaction.CommitAsync();
            rollups.Stop();
            Console.WriteLine(
                FormattableString.Invariant($"// Bulk history of {sellers.Count} sales: records and rows ")
                    + FormattableString.Invariant($"{building.Elapsed.TotalSeconds:0.0} s, inserts ")
                    + FormattableString.Invariant($"{writing.Elapsed.TotalSeconds:0.0} s, rollups and commit ")
                    + FormattableString.Invariant($"{rollups.Elapsed.TotalSeconds:0.0} s")
            );
            return sellers.Count;
        });
    }

    /// <summary>The rollups are computed from the whole tables: rows written before would be counted twice.</summary>
    private static async Task ExpectEmptyAsync(DbConnection connection, DbTransaction transaction)
    {
        foreach (var table in new[] { "clicks", "conversions", "commission_lines", "daily_stats", "activity" })
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"SELECT COUNT(*) FROM {BenchDatabase.Table(table)}";
            if (Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture) != 0)
            {
                throw new InvalidOperationException(
                    $"The bulk seeder writes a history into a database without one; {table} has rows."
                );
            }
        }
    }

    /// <summary>Fails on a sale the rollup SQL does not cover (see the remarks of <see cref="BulkSeeder"/>).</summary>
    private static void Supported(Click click, ConversionRecord record)
    {
        var conversion = record.Conversion;
        var ok =
            conversion.Status == ConversionStatus.Attributed
            && conversion.Shares.Count == 1
            && conversion.Shares[0].PartnerId == click.PartnerId
            && conversion.Shares[0].ClickId == click.Id
            && conversion.ClickId == click.Id
            && conversion.ProgramAmount.Currency == BenchProgram.Plan.Currency
            && !conversion.Refunded.IsPositive
            && record.Binding is null
            && record.Customer is null
            && record.Lines.All(l => l.Placement is not null && l.PayoutId is null);
        if (!ok)
        {
            throw new InvalidOperationException(
                $"Sale {conversion.Id} has a shape the bulk seeder's rollup SQL does not cover; extend it."
            );
        }
    }

    private static long Ticks(Instant instant) => instant.ToUnixTimeTicks();

    // ---- Writing rows --------------------------------------------------------------------------------------------

    /// <summary>
    /// <c>INSERT INTO t (columns) SELECT value ->> 0, ... FROM json_each(@rows)</c>: one statement and one parameter
    /// per <see cref="SqliteRows"/> rows, prepared once (SQLite binds named parameters in time quadratic in their
    /// number, which rules out wide multi-row VALUES lists).
    /// </summary>
    private static async Task InsertAsync(
        DbConnection connection,
        DbTransaction transaction,
        RowTable table,
        List<object?[]> rows
    )
    {
        if (rows.Count == 0)
        {
            return;
        }

        var columns = string.Join(", ", table.Columns.Select(c => c.Name));
        var items = string.Join(", ", table.Columns.Select((_, i) => $"value ->> {i}"));
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText =
            $"INSERT INTO {BenchDatabase.Table(table.Name)} ({columns}) SELECT {items} FROM json_each($rows) "
            + "ORDER BY key";
        var parameter = command.CreateParameter();
        parameter.ParameterName = "$rows";
        command.Parameters.Add(parameter);
        foreach (var batch in rows.Chunk(SqliteRows))
        {
            parameter.Value = Json(batch);
            await command.ExecuteNonQueryAsync();
        }
    }

    private static string Json(object?[][] rows)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var row in rows)
            {
                json.WriteStartArray();
                foreach (var value in row)
                {
                    switch (value)
                    {
                        case null:
                            json.WriteNullValue();
                            break;
                        case string s:
                            json.WriteStringValue(s);
                            break;
                        case long l:
                            json.WriteNumberValue(l);
                            break;
                        case int i:
                            json.WriteNumberValue(i);
                            break;
                        // EF Core stores a bool as the integer 0 or 1 on SQLite.
                        case bool b:
                            json.WriteNumberValue(b ? 1 : 0);
                            break;
                        default:
                            throw new NotSupportedException(value.GetType().Name);
                    }
                }

                json.WriteEndArray();
            }

            json.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>Binary COPY of the rows (into the partitioned parent for clicks: PostgreSQL routes them).</summary>
    private static async Task CopyAsync(NpgsqlConnection connection, RowTable table, List<object?[]> rows)
    {
        if (rows.Count == 0)
        {
            return;
        }

        var columns = string.Join(", ", table.Columns.Select(c => c.Name));
        await using var importer = await connection.BeginBinaryImportAsync(
            $"COPY {BenchDatabase.Table(table.Name)} ({columns}) FROM STDIN (FORMAT BINARY)"
        );
        foreach (var row in rows)
        {
            await importer.StartRowAsync();
            for (var i = 0; i < row.Length; i++)
            {
                if (row[i] is null)
                {
                    await importer.WriteNullAsync();
                }
                else
                {
                    await importer.WriteAsync(row[i], table.Columns[i].Type);
                }
            }
        }

        await importer.CompleteAsync();
    }

    /// <summary>A table's columns as written, with their PostgreSQL types (SQLite takes the JSON values as they
    /// are).</summary>
    private sealed record RowTable(string Name, RowColumn[] Columns);

    private sealed record RowColumn(string Name, NpgsqlDbType Type);

    /// <summary>The tables a recorded sale writes, with the columns the EF store's entities map (every one, so that no
    /// column falls back to a default the library would not write).</summary>
    private static class Tables
    {
        private const NpgsqlDbType Text = NpgsqlDbType.Text;
        private const NpgsqlDbType Long = NpgsqlDbType.Bigint;
        private const NpgsqlDbType Int = NpgsqlDbType.Integer;
        private const NpgsqlDbType Bool = NpgsqlDbType.Boolean;

        public static readonly RowTable Clicks = new(
            "clicks",
            Columns(
                ("program_id", Text),
                ("id", Text),
                ("partner_id", Text),
                ("link_id", Text),
                ("sub_ids", Text),
                ("landing_url", Text),
                ("referrer", Text),
                ("user_agent", Text),
                ("visitor_id", Text),
                ("occurred_at", Long),
                ("anonymized_ip", Text),
                ("ip_hash", Text),
                ("country", Text),
                ("attributable", Bool),
                ("fraud_codes", Text)
            )
        );

        public static readonly RowTable ClickIds = new(
            "click_ids",
            Columns(("program_id", Text), ("id", Text), ("occurred_at", Long))
        );

        public static readonly RowTable Conversions = new(
            "conversions",
            Columns(
                ("program_id", Text),
                ("id", Text),
                ("kind", Int),
                ("occurred_at", Long),
                ("recorded_at", Long),
                ("amount_minor", Long),
                ("currency", Text),
                ("currency_digits", Int),
                ("program_amount_minor", Long),
                ("program_currency", Text),
                ("program_currency_digits", Int),
                ("exchange_rate", Text),
                ("status", Int),
                ("attribution_reason", Int),
                ("shares", Text),
                ("click_id", Text),
                ("sub_ids", Text),
                ("visitor_id", Text),
                ("customer_id", Text),
                ("ip_hash", Text),
                ("coupon_code", Text),
                ("fraud_action", Int),
                ("fraud_codes", Text),
                ("refunded_minor", Long),
                ("fingerprint", Text),
                ("version", Long),
                ("new_customer", Bool),
                ("review", Text)
            )
        );

        public static readonly RowTable ConversionPartners = new(
            "conversion_partners",
            Columns(
                ("program_id", Text),
                ("conversion_id", Text),
                ("partner_id", Text),
                ("occurred_at", Long),
                ("status", Int),
                ("program_amount_minor", Long),
                ("program_currency_digits", Int)
            )
        );

        public static readonly RowTable Lines = new(
            "commission_lines",
            Columns(
                ("id", Text),
                ("program_id", Text),
                ("partner_id", Text),
                ("conversion_id", Text),
                ("kind", Int),
                ("level", Int),
                ("amount_minor", Long),
                ("currency", Text),
                ("currency_digits", Int),
                ("state", Int),
                ("created_at", Long),
                ("approvable_at", Long),
                ("approved_at", Long),
                ("paid_at", Long),
                ("closed_at", Long),
                ("payout_id", Text),
                ("reverses_line_id", Text),
                ("refund_id", Text),
                ("plan_id", Text),
                ("plan_version", Int),
                ("explanation", Text),
                ("details", Text),
                ("exchange_rate", Text),
                ("reason", Text),
                ("fraud_codes", Text),
                ("version", Long),
                ("report_day", Int),
                ("report_sub_ids", Text),
                ("report_link_id", Text),
                ("adjustment_id", Text),
                ("adjustment_kind", Int)
            )
        );

        // The sequence is left to the table (AUTOINCREMENT, identity), in the order written, as the library leaves it.
        public static readonly RowTable Outbox = new(
            "outbox",
            Columns(
                ("event_id", Text),
                ("type", Text),
                ("program_id", Text),
                ("occurred_at", Long),
                ("payload", Text),
                ("dispatched_at", Long),
                ("attempts", Int),
                ("next_attempt_at", Long),
                ("delivered_to", Text),
                ("last_error", Text),
                ("failed_at", Long)
            )
        );

        private static RowColumn[] Columns(params (string Name, NpgsqlDbType Type)[] columns) =>
            [.. columns.Select(c => new RowColumn(c.Name, c.Type))];
    }

    /// <summary>Records as rows, column for column as the EF store's <c>RowMapper</c> maps them (which is internal to
    /// the EF package): minor units, Unix ticks, <see cref="AffiliateJson"/> for structured values.</summary>
    private static class Rows
    {
        public static object?[] Click(Click c) =>
            [
                c.ProgramId.Value,
                c.Id.Value,
                c.PartnerId.Value,
                c.LinkId,
                AffiliateJson.Serialize(c.SubIds),
                c.LandingUrl,
                c.Referrer,
                c.UserAgent,
                c.VisitorId,
                Ticks(c.OccurredAt),
                c.AnonymizedIp,
                c.IpHash,
                c.Country,
                c.Attributable,
                AffiliateJson.Serialize(c.FraudCodes),
            ];

        public static object?[] Conversion(Conversion c) =>
            [
                c.ProgramId.Value,
                c.Id.Value,
                (int)c.Kind,
                Ticks(c.OccurredAt),
                Ticks(c.RecordedAt),
                Minor(c.Amount),
                c.Amount.Currency.Code,
                c.Amount.Currency.MinorUnits,
                Minor(c.ProgramAmount),
                c.ProgramAmount.Currency.Code,
                c.ProgramAmount.Currency.MinorUnits,
                c.ExchangeRate is { } rate ? AffiliateJson.Serialize(rate) : null,
                (int)c.Status,
                (int)c.AttributionReason,
                AffiliateJson.Serialize(c.Shares),
                c.ClickId?.Value,
                AffiliateJson.Serialize(c.SubIds),
                c.VisitorId,
                c.CustomerId?.Value,
                c.IpHash,
                c.CouponCode,
                (int)c.FraudAction,
                AffiliateJson.Serialize(c.FraudCodes),
                Minor(c.Refunded),
                c.Fingerprint,
                1L,
                c.NewCustomer,
                c.Review is { } review ? AffiliateJson.Serialize(review) : null,
            ];

        public static IEnumerable<object?[]> ConversionPartners(Conversion c) =>
            c
                .Shares.Select(s => s.PartnerId)
                .Distinct()
                .Select(p =>
                    new object?[]
                    {
                        c.ProgramId.Value,
                        c.Id.Value,
                        p.Value,
                        Ticks(c.OccurredAt),
                        (int)c.Status,
                        Minor(c.ProgramAmount),
                        c.ProgramAmount.Currency.MinorUnits,
                    }
                );

        public static object?[] Line(CommissionLine l) =>
            [
                l.Id.Value,
                l.ProgramId.Value,
                l.PartnerId.Value,
                l.ConversionId?.Value,
                (int)l.Kind,
                l.Level,
                Minor(l.Amount),
                l.Amount.Currency.Code,
                l.Amount.Currency.MinorUnits,
                (int)l.State,
                Ticks(l.CreatedAt),
                l.ApprovableAt?.ToUnixTimeTicks(),
                l.ApprovedAt?.ToUnixTimeTicks(),
                l.PaidAt?.ToUnixTimeTicks(),
                l.ClosedAt?.ToUnixTimeTicks(),
                l.PayoutId?.Value,
                l.ReversesLineId?.Value,
                l.RefundId,
                l.PlanId?.Value,
                l.PlanVersion,
                l.Explanation,
                l.Details is { } details ? AffiliateJson.Serialize(details) : null,
                l.ExchangeRate is { } rate ? AffiliateJson.Serialize(rate) : null,
                l.Reason,
                AffiliateJson.Serialize(l.FraudCodes),
                1L,
                l.Placement is { } placement ? DayNumber(placement.Day) : null,
                l.Placement?.SubIds is { } subIds ? AffiliateJson.Serialize(subIds) : null,
                l.Placement?.LinkId,
                l.AdjustmentId,
                (int?)l.AdjustmentKind,
            ];

        public static object?[] Event(AffiliateEvent e) =>
            [
                e.EventId.ToString("D", CultureInfo.InvariantCulture),
                e.Type,
                e.ProgramId.Value,
                Ticks(e.OccurredAt),
                AffiliateJson.SerializeEvent(e),
                null,
                0,
                0L,
                null,
                null,
                null,
            ];

        private static int DayNumber(LocalDate date) => (date.Year * 10_000) + (date.Month * 100) + date.Day;

        private static long Minor(Money money)
        {
            var scale = 1m;
            for (var i = 0; i < money.Currency.MinorUnits; i++)
            {
                scale *= 10m;
            }

            return money.IsRounded
                ? decimal.ToInt64(money.Amount * scale)
                : throw new InvalidOperationException($"{money} is finer than its currency's minor unit.");
        }
    }

    // ---- The read side -------------------------------------------------------------------------------------------

    /// <summary>
    /// The rollups as the core's contributions define them (<c>Contributions</c> in Affiliate.Core), summed by GROUP BY
    /// over the rows just written, one upsert per table (adding to rows that exist, as the library's own do):
    /// <list type="bullet">
    /// <item>a click counts (clicks, attributable clicks) in the program's total row of its day and in its partner's
    /// total, sub1 to sub5 and link rows; its visitor is marked for the program and the partner on that day; it counts
    /// in the hour of activity of the program and of the partner;</item>
    /// <item>a conversion counts (conversions, revenue) once in the program's total row and in its credited partner's
    /// total, sub-id and link rows, with the sub-ids and link of the click it was credited for; and in the hour of
    /// activity of the program and of the partner (clicked: it came through a click);</item>
    /// <item>a line counts its amount in its state's column of its placement: the program's and its partner's total
    /// rows, and the partner's sub-id and link rows when it has a source (the seller's line, not the uplines'); and in
    /// its partner's balance.</item>
    /// </list>
    /// Days are the UTC dates of the instants as yyyymmdd (the benchmark program is in UTC), hours whole UTC hours
    /// since the epoch; the values of a missing sub-id or link are the empty string, the program's partner_id too.
    /// </summary>
    private sealed class RollupStatements(bool postgres)
    {
        private static readonly string[] StatsCounters =
        [
            "clicks",
            "attributable_clicks",
            "conversions",
            "held_conversions",
            "rejected_conversions",
            "revenue_minor",
            "refunded_minor",
            "pending_minor",
            "held_minor",
            "approved_minor",
            "paid_minor",
            "reversed_minor",
            "rejected_minor",
        ];

        public IEnumerable<string> All => [Stats, Activity, Balances, Visitors];

        private static string T(string name) => BenchDatabase.Table(name);

        private string Day(string ticks) =>
            postgres
                ? $"CAST(to_char(to_timestamp({ticks} / 10000000) AT TIME ZONE 'UTC', 'YYYYMMDD') AS integer)"
                : $"CAST(strftime('%Y%m%d', {ticks} / 10000000, 'unixepoch') AS INTEGER)";

        private static string Hour(string ticks) => $"({ticks} / 36000000000)";

        private string Item(string json, string index) =>
            postgres ? $"({json}::json ->> {index})" : $"({json} ->> {index})";

        private static string Flag(string condition) => $"CASE WHEN {condition} THEN 1 ELSE 0 END";

        /// <summary>The counters of one contribution, in <see cref="StatsCounters"/> order, from named values (the
        /// rest zero).</summary>
        private static string Counters(params (string Column, string Value)[] values) =>
            string.Join(
                ", ",
                StatsCounters.Select(c => (values.FirstOrDefault(v => v.Column == c).Value ?? "0") + " AS " + c)
            );

        private static string Upsert(string table, string key, IEnumerable<string> counters, string select)
        {
            var list = counters.ToArray();
            var add = string.Join(", ", list.Select(c => $"{c} = t.{c} + excluded.{c}"));
            return $"INSERT INTO {T(table)} AS t ({key}, {string.Join(", ", list)}) {select} "
                + $"ON CONFLICT ({key}) DO UPDATE SET {add}";
        }

        private string Stats
        {
            get
            {
                // Each record's contribution with its source (has_source, sub_ids, link_id) and whether it also counts
                // in the program's total row, summed per partner, day and source before the rows fan out into
                // dimensions (a few thousand groups instead of millions of rows).
                var lineCounters = Counters(
                    ("pending_minor", $"CASE WHEN l.state = 0 THEN l.amount_minor ELSE 0 END"),
                    ("held_minor", $"CASE WHEN l.state = 1 THEN l.amount_minor ELSE 0 END"),
                    ("approved_minor", $"CASE WHEN l.state = 2 THEN l.amount_minor ELSE 0 END"),
                    ("paid_minor", $"CASE WHEN l.state = 3 THEN l.amount_minor ELSE 0 END"),
                    ("reversed_minor", $"CASE WHEN l.state = 4 THEN l.amount_minor ELSE 0 END"),
                    ("rejected_minor", $"CASE WHEN l.state = 5 THEN l.amount_minor ELSE 0 END")
                );
                var contributions =
                    $"SELECT k.program_id, k.partner_id, {Day("k.occurred_at")} AS day, 1 AS has_source, "
                    + "k.sub_ids, k.link_id, 1 AS with_program, "
                    + Counters(("clicks", "1"), ("attributable_clicks", Flag("k.attributable")))
                    + $" FROM {T("clicks")} k "
                    + "UNION ALL "
                    + $"SELECT c.program_id, '' AS partner_id, {Day("c.occurred_at")}, 0, NULL, NULL, 0, "
                    + Counters(("conversions", "1"), ("revenue_minor", "c.program_amount_minor"))
                    + $" FROM {T("conversions")} c "
                    + "UNION ALL "
                    + $"SELECT c.program_id, p.partner_id, {Day("c.occurred_at")}, 1, k.sub_ids, k.link_id, 0, "
                    + Counters(("conversions", "1"), ("revenue_minor", "p.program_amount_minor"))
                    + $" FROM {T("conversions")} c JOIN {T("conversion_partners")} p "
                    + "ON p.program_id = c.program_id AND p.conversion_id = c.id "
                    + $"JOIN {T("clicks")} k ON k.program_id = c.program_id AND k.id = c.click_id "
                    + "UNION ALL "
                    + "SELECT l.program_id, l.partner_id, l.report_day, "
                    + Flag("l.report_sub_ids IS NOT NULL")
                    + ", l.report_sub_ids, l.report_link_id, 1, "
                    + lineCounters
                    + $" FROM {T("commission_lines")} l WHERE l.report_day IS NOT NULL";
                var sums = string.Join(", ", StatsCounters.Select(c => $"SUM({c}) AS {c}"));
                var grouped =
                    $"SELECT program_id, partner_id, day, has_source, sub_ids, link_id, with_program, {sums} "
                    + $"FROM ({contributions}) x "
                    + "GROUP BY program_id, partner_id, day, has_source, sub_ids, link_id, with_program";
                var counters = string.Join(", ", StatsCounters);
                var sources = postgres
                    ? "(VALUES (1), (2), (3), (4), (5)) AS d(n)"
                    : "(SELECT 1 AS n UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5) d";
                var fanned =
                    $"SELECT program_id, '' AS partner_id, 0 AS dimension, day, '' AS value, {counters} FROM g "
                    + "WHERE partner_id = '' OR with_program = 1 "
                    + $"UNION ALL SELECT program_id, partner_id, 0, day, '', {counters} FROM g WHERE partner_id <> '' "
                    + "UNION ALL SELECT program_id, partner_id, d.n, day, "
                    + $"COALESCE({Item("sub_ids", "(d.n - 1)")}, ''), "
                    + $"{counters} FROM g CROSS JOIN {sources} WHERE partner_id <> '' AND has_source = 1 "
                    + $"UNION ALL SELECT program_id, partner_id, 6, day, COALESCE(link_id, ''), {counters} FROM g "
                    + "WHERE partner_id <> '' AND has_source = 1";
                var nonZero = string.Join(" OR ", StatsCounters.Select(c => $"SUM({c}) <> 0"));
                var select =
                    $"WITH g AS ({grouped}) "
                    + $"SELECT program_id, partner_id, dimension, day, value, {sums} FROM ({fanned}) f WHERE true "
                    + $"GROUP BY program_id, partner_id, dimension, day, value HAVING {nonZero}";
                return Upsert("daily_stats", "program_id, partner_id, dimension, day, value", StatsCounters, select);
            }
        }

        private string Activity
        {
            get
            {
                var hourOfClick = Hour("k.occurred_at");
                var hourOfConversion = Hour("c.occurred_at");
                var conversion = $"0, 1, {Flag("c.click_id IS NOT NULL")}, {Flag("c.refunded_minor > 0")}";
                var rows =
                    $"SELECT k.program_id, '' AS partner_id, {hourOfClick} AS hour, 1 AS clicks, 0 AS conversions, "
                    + $"0 AS clicked_conversions, 0 AS refunded_conversions FROM {T("clicks")} k "
                    + $"UNION ALL SELECT k.program_id, k.partner_id, {hourOfClick}, 1, 0, 0, 0 FROM {T("clicks")} k "
                    + $"UNION ALL SELECT c.program_id, '', {hourOfConversion}, {conversion} FROM {T("conversions")} c "
                    + $"UNION ALL SELECT c.program_id, p.partner_id, {hourOfConversion}, {conversion} "
                    + $"FROM {T("conversions")} c JOIN {T("conversion_partners")} p "
                    + "ON p.program_id = c.program_id AND p.conversion_id = c.id";
                var select =
                    "SELECT program_id, partner_id, hour, SUM(clicks), SUM(conversions), SUM(clicked_conversions), "
                    + $"SUM(refunded_conversions) FROM ({rows}) a WHERE true GROUP BY program_id, partner_id, hour";
                return Upsert(
                    "activity",
                    "program_id, partner_id, hour",
                    ["clicks", "conversions", "clicked_conversions", "refunded_conversions"],
                    select
                );
            }
        }

        private static string Balances
        {
            get
            {
                string Sum(string condition) => $"SUM(CASE WHEN {condition} THEN amount_minor ELSE 0 END)";
                var select =
                    "SELECT partner_id, program_id, currency, currency_digits, "
                    + $"{Sum("state = 0")}, {Sum("state = 1")}, {Sum("state = 2 AND payout_id IS NULL")}, "
                    + $"{Sum("state = 2 AND payout_id IS NOT NULL")}, {Sum("state = 3")} "
                    + $"FROM {T("commission_lines")} WHERE state IN (0, 1, 2, 3) "
                    + "GROUP BY partner_id, program_id, currency, currency_digits "
                    + $"HAVING {Sum("state = 0")} <> 0 OR {Sum("state = 1")} <> 0 OR {Sum("state = 2")} <> 0 "
                    + $"OR {Sum("state = 3")} <> 0";
                return Upsert(
                    "partner_balances",
                    "partner_id, program_id, currency, digits",
                    ["pending_minor", "held_minor", "approved_minor", "in_payout_minor", "paid_minor"],
                    select
                );
            }
        }

        private string Visitors
        {
            get
            {
                var day = Day("occurred_at");
                return $"INSERT INTO {T("daily_visitors")} (program_id, partner_id, day, visitor_id) "
                    + $"SELECT DISTINCT program_id, '', {day}, visitor_id FROM {T("clicks")} WHERE true "
                    + $"UNION SELECT DISTINCT program_id, partner_id, {day}, visitor_id FROM {T("clicks")} "
                    + "WHERE true "
                    + "ON CONFLICT DO NOTHING";
            }
        }
    }
}
