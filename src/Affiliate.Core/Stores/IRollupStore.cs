namespace Affiliate.Stores;

/// <summary>
/// The read side: daily rollups, hourly activity counters, visitors and balances, kept current by the writes (see
/// <see cref="RollupChange"/>). Reports, balances, dashboards and the fraud rate rules read these instead of raw rows,
/// so what they cost depends on the days and partners asked for, not on how many clicks, conversions or lines exist.
/// </summary>
public interface IRollupStore
{
    /// <summary>Daily rollup rows summed as the query groups them.</summary>
    ValueTask<IReadOnlyList<StatsRow>> StatsAsync(StatsQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// Distinct visitors of a partner (or the program, when <paramref name="partnerId"/> is null) in each of the
    /// ranges of days [from, until): one count per range, in order.
    /// </summary>
    ValueTask<IReadOnlyList<long>> UniqueVisitorsAsync(
        ProgramId programId,
        PartnerId? partnerId,
        IReadOnlyList<DateInterval> ranges,
        CancellationToken cancellationToken
    );

    /// <summary>
    /// A partner's (or the program's) activity in the UTC hours [<paramref name="fromHour"/>, <paramref
    /// name="untilHour"/>) (see <see cref="ActivityHours"/>).
    /// </summary>
    ValueTask<ActivityCounters> ActivityAsync(
        ProgramId programId,
        PartnerId? partnerId,
        long fromHour,
        long untilHour,
        CancellationToken cancellationToken
    );

    /// <summary>Balances of one partner (in one program, or all), one per program and currency.</summary>
    ValueTask<IReadOnlyList<BalanceRow>> BalancesAsync(
        PartnerId partnerId,
        ProgramId? programId,
        CancellationToken cancellationToken
    );
}

/// <summary>How <see cref="IRollupStore.StatsAsync"/> adds up rows.</summary>
public enum StatsGrouping
{
    /// <summary>One row per day.</summary>
    Day = 0,

    /// <summary>One row per sub-id or link value (the query's dimension), over all days.</summary>
    Value = 1,

    /// <summary>One row per partner, over all days (the query's partner must be null: every partner's rows).</summary>
    Partner = 2,
}

/// <summary>A query over the daily rollups of one program: days [<see cref="From"/>, <see cref="Until"/>).</summary>
public sealed record StatsQuery
{
    /// <summary>The program.</summary>
    public required ProgramId ProgramId { get; init; }

    /// <summary>
    /// One partner's rows; null reads the program's own rows, or every partner's rows when grouping by
    /// <see cref="StatsGrouping.Partner"/>.
    /// </summary>
    public PartnerId? PartnerId { get; init; }

    /// <summary>The first day.</summary>
    public required LocalDate From { get; init; }

    /// <summary>The first day not read.</summary>
    public required LocalDate Until { get; init; }

    /// <summary>Which rows: the totals, or one sub-id or the link.</summary>
    public StatsDimension Dimension { get; init; } = StatsDimension.Total;

    /// <summary>How to add them up.</summary>
    public StatsGrouping GroupBy { get; init; } = StatsGrouping.Day;
}

/// <summary>A sum of daily rollup rows.</summary>
/// <param name="Day">The day, when grouped by day.</param>
/// <param name="PartnerId">The partner, when grouped by partner.</param>
/// <param name="Value">The sub-id or link value, when grouped by value.</param>
/// <param name="Counters">The sums.</param>
public sealed record StatsRow(LocalDate? Day, PartnerId? PartnerId, string? Value, StatsCounters Counters);

/// <summary>A partner's balance in one program and currency.</summary>
/// <param name="ProgramId">The program.</param>
/// <param name="Currency">The currency.</param>
/// <param name="Counters">The amounts by state, in minor units of <paramref name="Currency"/>.</param>
public sealed record BalanceRow(ProgramId ProgramId, Currency Currency, BalanceCounters Counters);
