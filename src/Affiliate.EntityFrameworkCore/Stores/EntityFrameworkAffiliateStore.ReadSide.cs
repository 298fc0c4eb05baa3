using System.Globalization;
using System.Text;
using Affiliate.Stores;
using static Affiliate.EntityFrameworkCore.AffiliateSql;
using static Affiliate.EntityFrameworkCore.RowMapper;

namespace Affiliate.EntityFrameworkCore;

// The read side: sums over the rollup tables the writes keep, by their keys. Each read covers the days, hours or
// partners asked for, through the tables' primary keys (and the partners index of daily_stats), so it costs the
// same however many clicks, conversions and lines the program has.
public sealed partial class EntityFrameworkAffiliateStore
{
    /// <inheritdoc />
    /// <remarks>
    /// One partner's (or the program's) rows are a range of the primary key (program, partner, dimension, days);
    /// every partner's totals a range of the partners index (program, days) of the Total rows.
    /// </remarks>
    public async ValueTask<IReadOnlyList<StatsRow>> StatsAsync(StatsQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var everyPartner = query.GroupBy == StatsGrouping.Partner && query.PartnerId is null;
        var group = query.GroupBy switch
        {
            StatsGrouping.Day => "day",
            StatsGrouping.Value => "value",
            StatsGrouping.Partner => "partner_id",
            _ => throw new ArgumentOutOfRangeException(nameof(query), query.GroupBy, "Not a stats grouping."),
        };
        var sums = string.Join(", ", RollupSql.StatsCounterColumns.Select(c => $"CAST(SUM({c}) AS BIGINT)"));

        // The dimension is an enum written as a number (the partners index is partial on dimension 0).
        var dimension = ((int)query.Dimension).ToString(CultureInfo.InvariantCulture);
        var partner = everyPartner ? "partner_id <> ''" : "partner_id = @partner";
        var rows = await ReadAsync(
                sql =>
                    sql.QueryAsync(
                        $"SELECT {group}, {sums} FROM {sql.Table("daily_stats")} WHERE program_id = @program "
                            + $"AND dimension = {dimension} AND day >= @from AND day < @until AND {partner} GROUP BY "
                            + $"{group}",
                        r =>
                        {
                            var counters = new long[RollupSql.StatsCounterColumns.Length];
                            for (var i = 0; i < counters.Length; i++)
                            {
                                counters[i] = Long(r, i + 1);
                            }

                            return (Key: r.GetValue(0), Counters: RollupSql.Stats(counters));
                        },
                        cancellationToken,
                        ("@program", query.ProgramId.Value),
                        ("@from", DayNumber(query.From)),
                        ("@until", DayNumber(query.Until)),
                        ("@partner", query.PartnerId?.Value ?? string.Empty)
                    ),
                cancellationToken
            )
            .ConfigureAwait(false);

        return query.GroupBy switch
        {
            StatsGrouping.Day => rows.Select(r =>
                    (Day: checked((int)Convert.ToInt64(r.Key, CultureInfo.InvariantCulture)), r.Counters)
                )
                .OrderBy(r => r.Day)
                .Select(r => new StatsRow(Day(r.Day), null, null, r.Counters))
                .ToArray(),
            StatsGrouping.Value => rows.Select(r => (Value: (string)r.Key, r.Counters))
                .OrderBy(r => r.Value, StringComparer.Ordinal)
                .Select(r => new StatsRow(null, null, r.Value, r.Counters))
                .ToArray(),
            _ => rows.Select(r => (Partner: (string)r.Key, r.Counters))
                .OrderBy(r => r.Partner, StringComparer.Ordinal)
                .Select(r => new StatsRow(null, new PartnerId(r.Partner), null, r.Counters))
                .ToArray(),
        };
    }

    /// <inheritdoc />
    /// <remarks>One statement: a COUNT(DISTINCT) per range over a range of the visitors' primary key.</remarks>
    public async ValueTask<IReadOnlyList<long>> UniqueVisitorsAsync(
        ProgramId programId,
        PartnerId? partnerId,
        IReadOnlyList<DateInterval> ranges,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(ranges);
        if (ranges.Count == 0)
        {
            return [];
        }

        var counts = new long[ranges.Count];
        await ReadAsync(
                async sql =>
                {
                    // A DateInterval includes its end. Chunks keep statements well inside both providers' limits.
                    const int Chunk = 100;
                    var visitors = sql.Table("daily_visitors");
                    for (var start = 0; start < ranges.Count; start += Chunk)
                    {
                        var text = new StringBuilder();
                        var parameters = new List<(string, object?)>
                        {
                            ("@program", programId.Value),
                            ("@partner", partnerId?.Value ?? string.Empty),
                        };
                        for (var i = start; i < Math.Min(ranges.Count, start + Chunk); i++)
                        {
                            var index = i.ToString(CultureInfo.InvariantCulture);
                            text.Append(i == start ? string.Empty : " UNION ALL ")
                                .Append("SELECT ")
                                .Append(index)
                                .Append(", (SELECT COUNT(DISTINCT visitor_id) FROM ")
                                .Append(visitors)
                                .Append(" WHERE program_id = @program AND partner_id = @partner")
                                .Append(" AND day >= @from")
                                .Append(index)
                                .Append(" AND day <= @to")
                                .Append(index)
                                .Append(')');
                            parameters.Add(($"@from{index}", DayNumber(ranges[i].Start)));
                            parameters.Add(($"@to{index}", DayNumber(ranges[i].End)));
                        }

                        var found = await sql.QueryAsync(
                                text.ToString(),
                                r => (Long(r, 0), Long(r, 1)),
                                cancellationToken,
                                [.. parameters]
                            )
                            .ConfigureAwait(false);
                        foreach (var (index, count) in found)
                        {
                            counts[index] = count;
                        }
                    }

                    return counts;
                },
                cancellationToken
            )
            .ConfigureAwait(false);
        return counts;
    }

    /// <inheritdoc />
    /// <remarks>A SUM over a range of the activity table's primary key (program, partner, hour).</remarks>
    public async ValueTask<ActivityCounters> ActivityAsync(
        ProgramId programId,
        PartnerId? partnerId,
        long fromHour,
        long untilHour,
        CancellationToken cancellationToken
    )
    {
        if (untilHour <= fromHour)
        {
            return default;
        }

        var sums = string.Join(
            ", ",
            RollupSql.ActivityCounterColumns.Select(c => $"CAST(COALESCE(SUM({c}), 0) AS BIGINT)")
        );
        var rows = await ReadAsync(
                sql =>
                    sql.QueryAsync(
                        $"SELECT {sums} FROM {sql.Table("activity")} WHERE program_id = @program AND partner_id = "
                            + "@partner "
                            + "AND hour >= @from AND hour < @until",
                        r => new ActivityCounters(Long(r, 0), Long(r, 1), Long(r, 2), Long(r, 3)),
                        cancellationToken,
                        ("@program", programId.Value),
                        ("@partner", partnerId?.Value ?? string.Empty),
                        ("@from", fromHour),
                        ("@until", untilHour)
                    ),
                cancellationToken
            )
            .ConfigureAwait(false);
        return rows.Single();
    }

    /// <inheritdoc />
    /// <remarks>The partner's rows of partner_balances: a range of its primary key (partner, program, ...).</remarks>
    public async ValueTask<IReadOnlyList<BalanceRow>> BalancesAsync(
        PartnerId partnerId,
        ProgramId? programId,
        CancellationToken cancellationToken
    )
    {
        var inProgram = programId is null ? string.Empty : " AND program_id = @program";
        var rows = await ReadAsync(
                sql =>
                    sql.QueryAsync(
                        $"SELECT program_id, currency, digits, {string.Join(", ", RollupSql.BalanceCounterColumns)} "
                            + $"FROM {sql.Table("partner_balances")} WHERE partner_id = @partner{inProgram}",
                        r =>
                            (
                                Program: r.GetString(0),
                                Code: r.GetString(1),
                                Digits: checked((int)Long(r, 2)),
                                Counters: new BalanceCounters(
                                    Long(r, 3),
                                    Long(r, 4),
                                    Long(r, 5),
                                    Long(r, 6),
                                    Long(r, 7)
                                )
                            ),
                        cancellationToken,
                        ("@partner", partnerId.Value),
                        ("@program", programId?.Value)
                    ),
                cancellationToken
            )
            .ConfigureAwait(false);
        return rows.OrderBy(r => r.Program, StringComparer.Ordinal)
            .ThenBy(r => r.Code, StringComparer.Ordinal)
            .ThenBy(r => r.Digits)
            .Select(r => new BalanceRow(new ProgramId(r.Program), CurrencyOf(r.Code, r.Digits), r.Counters))
            .ToArray();
    }
}
