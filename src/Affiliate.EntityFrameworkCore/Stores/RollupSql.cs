using static Affiliate.EntityFrameworkCore.AffiliateSql;

namespace Affiliate.EntityFrameworkCore;

/// <summary>
/// Applies <see cref="RollupChange"/>s and moves commission amounts between the columns of the rollups, in SQL, in the
/// caller's transaction. Each table gets one statement per write, whatever the number of rows: an
/// <c>INSERT ... ON CONFLICT (key) DO UPDATE SET c = c + excluded.c</c> that adds to existing rows and creates missing
/// ones (visitors: <c>ON CONFLICT DO NOTHING</c>).
/// </summary>
/// <remarks>
/// Rows are written in key order, in every statement that touches these tables (and the tables in one order: stats,
/// activity, balances, visitors), so that concurrent writers on PostgreSQL lock shared rows (a program's day, a
/// partner's balance) in the same order and queue instead of deadlocking.
/// </remarks>
internal static class RollupSql
{
    /// <summary>The counter columns of <c>daily_stats</c>, in <see cref="StatsCounters"/> order.</summary>
    internal static readonly string[] StatsCounterColumns =
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

    internal static readonly string[] ActivityCounterColumns =
    [
        "clicks",
        "conversions",
        "clicked_conversions",
        "refunded_conversions",
    ];

    internal static readonly string[] BalanceCounterColumns =
    [
        "pending_minor",
        "held_minor",
        "approved_minor",
        "in_payout_minor",
        "paid_minor",
    ];

    internal const string StatsKey = "program_id, partner_id, dimension, day, value";

    internal const string BalanceKey = "partner_id, program_id, currency, digits";

    public static long[] Values(StatsCounters c) =>
        [
            c.Clicks,
            c.AttributableClicks,
            c.Conversions,
            c.HeldConversions,
            c.RejectedConversions,
            c.RevenueMinor,
            c.RefundedMinor,
            c.PendingMinor,
            c.HeldMinor,
            c.ApprovedMinor,
            c.PaidMinor,
            c.ReversedMinor,
            c.RejectedMinor,
        ];

    public static StatsCounters Stats(IReadOnlyList<long> v) =>
        new()
        {
            Clicks = v[0],
            AttributableClicks = v[1],
            Conversions = v[2],
            HeldConversions = v[3],
            RejectedConversions = v[4],
            RevenueMinor = v[5],
            RefundedMinor = v[6],
            PendingMinor = v[7],
            HeldMinor = v[8],
            ApprovedMinor = v[9],
            PaidMinor = v[10],
            ReversedMinor = v[11],
            RejectedMinor = v[12],
        };

    /// <summary>The <c>daily_stats</c> column holding commission in a state.</summary>
    public static string CommissionColumn(CommissionState state) =>
        state switch
        {
            CommissionState.Pending => "pending_minor",
            CommissionState.Held => "held_minor",
            CommissionState.Approved => "approved_minor",
            CommissionState.Paid => "paid_minor",
            CommissionState.Reversed => "reversed_minor",
            CommissionState.Rejected => "rejected_minor",
            _ => throw new ArgumentOutOfRangeException(nameof(state), state, "Not a commission state."),
        };

    /// <summary>Writes a change: every table it touches, one statement each.</summary>
    public static async Task ApplyAsync(AffiliateSql sql, RollupChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        await StatsAsync(sql, change, cancellationToken).ConfigureAwait(false);
        await ActivityAsync(sql, change, cancellationToken).ConfigureAwait(false);
        await BalancesAsync(sql, change, cancellationToken).ConfigureAwait(false);
        await VisitorsAsync(sql, change, cancellationToken).ConfigureAwait(false);
    }

    private static async Task StatsAsync(AffiliateSql sql, RollupChange change, CancellationToken cancellationToken)
    {
        var rows = change
            .Stats.Select(s =>
                (
                    Program: s.Key.ProgramId.Value,
                    Partner: s.Key.PartnerId?.Value ?? string.Empty,
                    Dimension: (int)s.Key.Dimension,
                    Day: RowMapper.DayNumber(s.Key.Day),
                    Value: s.Key.Value,
                    Counters: s.Value
                )
            )
            .OrderBy(r => r.Program, StringComparer.Ordinal)
            .ThenBy(r => r.Partner, StringComparer.Ordinal)
            .ThenBy(r => r.Dimension)
            .ThenBy(r => r.Day)
            .ThenBy(r => r.Value, StringComparer.Ordinal)
            .ToArray();
        if (rows.Length == 0)
        {
            return;
        }

        var set = sql.Rows([
            new("program_id", ColumnType.Text),
            new("partner_id", ColumnType.Text),
            new("dimension", ColumnType.Integer),
            new("day", ColumnType.Integer),
            new("value", ColumnType.Text),
            .. StatsCounterColumns.Select(c => new RowColumn(c, ColumnType.BigInt)),
        ]);
        foreach (var row in rows)
        {
            set.Row().Add(row.Program).Add(row.Partner).Add(row.Dimension).Add(row.Day).Add(row.Value);
            foreach (var value in Values(row.Counters))
            {
                set.Add(value);
            }
        }

        var (select, parameters) = set.Build("s");
        await sql.ExecuteAsync(
                Upsert(sql.Table("daily_stats"), StatsKey, StatsCounterColumns, select),
                cancellationToken,
                parameters
            )
            .ConfigureAwait(false);
    }

    private static async Task ActivityAsync(AffiliateSql sql, RollupChange change, CancellationToken cancellationToken)
    {
        var rows = change
            .Activity.Select(a =>
                (Program: a.Key.ProgramId.Value, Partner: a.Key.PartnerId?.Value ?? string.Empty, a.Key.Hour, a.Value)
            )
            .OrderBy(r => r.Program, StringComparer.Ordinal)
            .ThenBy(r => r.Partner, StringComparer.Ordinal)
            .ThenBy(r => r.Hour)
            .ToArray();
        if (rows.Length == 0)
        {
            return;
        }

        var set = sql.Rows([
            new("program_id", ColumnType.Text),
            new("partner_id", ColumnType.Text),
            new("hour", ColumnType.BigInt),
            .. ActivityCounterColumns.Select(c => new RowColumn(c, ColumnType.BigInt)),
        ]);
        foreach (var (program, partner, hour, c) in rows)
        {
            set.Row()
                .Add(program)
                .Add(partner)
                .Add(hour)
                .Add(c.Clicks)
                .Add(c.Conversions)
                .Add(c.ClickedConversions)
                .Add(c.RefundedConversions);
        }

        var (select, parameters) = set.Build("a");
        await sql.ExecuteAsync(
                Upsert(sql.Table("activity"), "program_id, partner_id, hour", ActivityCounterColumns, select),
                cancellationToken,
                parameters
            )
            .ConfigureAwait(false);
    }

    private static async Task BalancesAsync(AffiliateSql sql, RollupChange change, CancellationToken cancellationToken)
    {
        var rows = change
            .Balances.Select(b =>
                (
                    Partner: b.Key.PartnerId.Value,
                    Program: b.Key.ProgramId.Value,
                    b.Key.Currency.Code,
                    Digits: b.Key.Currency.MinorUnits,
                    b.Value
                )
            )
            .OrderBy(r => r.Partner, StringComparer.Ordinal)
            .ThenBy(r => r.Program, StringComparer.Ordinal)
            .ThenBy(r => r.Code, StringComparer.Ordinal)
            .ThenBy(r => r.Digits)
            .ToArray();
        if (rows.Length == 0)
        {
            return;
        }

        var set = sql.Rows([
            new("partner_id", ColumnType.Text),
            new("program_id", ColumnType.Text),
            new("currency", ColumnType.Text),
            new("digits", ColumnType.Integer),
            .. BalanceCounterColumns.Select(c => new RowColumn(c, ColumnType.BigInt)),
        ]);
        foreach (var (partner, program, code, digits, c) in rows)
        {
            set.Row()
                .Add(partner)
                .Add(program)
                .Add(code)
                .Add(digits)
                .Add(c.PendingMinor)
                .Add(c.HeldMinor)
                .Add(c.ApprovedMinor)
                .Add(c.InPayoutMinor)
                .Add(c.PaidMinor);
        }

        var (select, parameters) = set.Build("b");
        await sql.ExecuteAsync(
                Upsert(sql.Table("partner_balances"), BalanceKey, BalanceCounterColumns, select),
                cancellationToken,
                parameters
            )
            .ConfigureAwait(false);
    }

    private static async Task VisitorsAsync(AffiliateSql sql, RollupChange change, CancellationToken cancellationToken)
    {
        var rows = change
            .Visitors.Select(v =>
                (
                    Program: v.ProgramId.Value,
                    Partner: v.PartnerId?.Value ?? string.Empty,
                    Day: RowMapper.DayNumber(v.Day),
                    v.VisitorId
                )
            )
            .OrderBy(r => r.Program, StringComparer.Ordinal)
            .ThenBy(r => r.Partner, StringComparer.Ordinal)
            .ThenBy(r => r.Day)
            .ThenBy(r => r.VisitorId, StringComparer.Ordinal)
            .ToArray();
        if (rows.Length == 0)
        {
            return;
        }

        var set = sql.Rows(
            new("program_id", ColumnType.Text),
            new("partner_id", ColumnType.Text),
            new("day", ColumnType.Integer),
            new("visitor_id", ColumnType.Text)
        );
        foreach (var (program, partner, day, visitor) in rows)
        {
            set.Row().Add(program).Add(partner).Add(day).Add(visitor);
        }

        var (select, parameters) = set.Build("v");
        const string Columns = "program_id, partner_id, day, visitor_id";
        await sql.ExecuteAsync(
                $"INSERT INTO {sql.Table("daily_visitors")} ({Columns}) SELECT {Columns} FROM ({select}) s WHERE true "
                    + "ORDER BY ordinal ON CONFLICT DO NOTHING",
                cancellationToken,
                parameters
            )
            .ConfigureAwait(false);
    }

    /// <summary>
    /// <c>INSERT INTO table AS t (key, counters) SELECT ... FROM (rows) ORDER BY ordinal ON CONFLICT (key) DO UPDATE
    /// SET c = t.c + excluded.c</c>, for rows that come with an <c>ordinal</c> column.
    /// </summary>
    internal static string Upsert(string table, string key, IReadOnlyList<string> counters, string rows)
    {
        var columns = key + ", " + string.Join(", ", counters);
        var add = string.Join(", ", counters.Select(c => $"{c} = t.{c} + excluded.{c}"));
        return $"INSERT INTO {table} AS t ({columns}) SELECT {columns} FROM ({rows}) s WHERE true ORDER BY ordinal "
            + $"ON CONFLICT ({key}) DO UPDATE SET {add}";
    }
}
