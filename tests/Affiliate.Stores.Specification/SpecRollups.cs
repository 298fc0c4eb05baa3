namespace Affiliate.Stores.Specification;

/// <summary>
/// The <see cref="RollupChange"/>s the core writes with clicks and lines, built the way the read-side contract words
/// them (<see cref="ReportPlacement"/>, <see cref="StatsDimension"/>, <see cref="BalanceCounters"/>), so that facts
/// can write them and expect set-based moves to shift exactly those amounts.
/// </summary>
public static class SpecRollups
{
    private static readonly StatsDimension[] SubDimensions =
    [
        StatsDimension.Sub1,
        StatsDimension.Sub2,
        StatsDimension.Sub3,
        StatsDimension.Sub4,
        StatsDimension.Sub5,
    ];

    /// <summary>
    /// The rows a record counts in: the program's total, its partner's total and, with a source, the sub-id and link
    /// rows.
    /// </summary>
    public static IEnumerable<StatsKey> Keys(
        ProgramId program,
        PartnerId partner,
        LocalDate day,
        IReadOnlyList<string>? subIds,
        string? linkId
    )
    {
        yield return new StatsKey(program, null, day, StatsDimension.Total, string.Empty);
        yield return new StatsKey(program, partner, day, StatsDimension.Total, string.Empty);
        if (subIds is null)
        {
            yield break;
        }

        for (var i = 0; i < SubDimensions.Length; i++)
        {
            var value = i < subIds.Count ? subIds[i] : string.Empty;
            yield return new StatsKey(program, partner, day, SubDimensions[i], value);
        }

        yield return new StatsKey(program, partner, day, StatsDimension.Link, linkId ?? string.Empty);
    }

    /// <summary>A click on its UTC day and hour: counted in its rows, its visitor marked (program, partner).</summary>
    public static RollupChange Click(Click click)
    {
        ArgumentNullException.ThrowIfNull(click);
        var day = click.OccurredAt.InUtc().Date;
        var change = new RollupChange();
        var counters = new StatsCounters { Clicks = 1, AttributableClicks = click.Attributable ? 1 : 0 };
        foreach (var key in Keys(click.ProgramId, click.PartnerId, day, click.SubIds, click.LinkId))
        {
            change.Add(key, counters);
        }

        change.Add(new VisitorMark(click.ProgramId, null, day, click.VisitorId));
        change.Add(new VisitorMark(click.ProgramId, click.PartnerId, day, click.VisitorId));
        var hour = ActivityHours.Of(click.OccurredAt);
        change.Add(new ActivityKey(click.ProgramId, null, hour), new ActivityCounters(1, 0, 0, 0));
        change.Add(new ActivityKey(click.ProgramId, click.PartnerId, hour), new ActivityCounters(1, 0, 0, 0));
        return change;
    }

    /// <summary>
    /// A line as it stands (or, with <paramref name="sign"/> -1, taken back): its amount in its state's column of its
    /// rows and in its balance.
    /// </summary>
    public static RollupChange Line(CommissionLine line, int sign = 1, RollupChange? into = null)
    {
        ArgumentNullException.ThrowIfNull(line);
        var change = into ?? new RollupChange();
        var minor = sign * MinorUnits(line.Amount);
        if (line.Placement is { } placement)
        {
            var counters = StatsCounters.OfCommission(line.State, minor);
            if (!counters.IsZero)
            {
                var keys = Keys(line.ProgramId, line.PartnerId, placement.Day, placement.SubIds, placement.LinkId);
                foreach (var key in keys)
                {
                    change.Add(key, counters);
                }
            }
        }

        var balance = line.State switch
        {
            CommissionState.Pending => new BalanceCounters(minor, 0, 0, 0, 0),
            CommissionState.Held => new BalanceCounters(0, minor, 0, 0, 0),
            CommissionState.Approved when line.PayoutId is not null => new BalanceCounters(0, 0, 0, minor, 0),
            CommissionState.Approved => new BalanceCounters(0, 0, minor, 0, 0),
            CommissionState.Paid => new BalanceCounters(0, 0, 0, 0, minor),
            _ => default,
        };
        if (!balance.IsZero)
        {
            change.Add(new BalanceKey(line.ProgramId, line.PartnerId, line.Amount.Currency), balance);
        }

        return change;
    }

    /// <summary>Lines as they stand, in one change.</summary>
    public static RollupChange Lines(IEnumerable<CommissionLine> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var change = new RollupChange();
        foreach (var line in lines)
        {
            Line(line, 1, change);
        }

        return change;
    }

    /// <summary>Lines replaced by new states of themselves, in one change (what a set-based move must write).</summary>
    public static RollupChange Changed(IEnumerable<(CommissionLine Before, CommissionLine After)> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var change = new RollupChange();
        foreach (var (before, after) in lines)
        {
            Line(before, -1, change);
            Line(after, 1, change);
        }

        return change;
    }

    /// <summary>
    /// Counters that differ in every column (<paramref name="seed"/> * 100 + the column's number), to catch a column
    /// mixed up.
    /// </summary>
    public static StatsCounters Distinct(long seed) =>
        new()
        {
            Clicks = (seed * 100) + 1,
            AttributableClicks = (seed * 100) + 2,
            Conversions = (seed * 100) + 3,
            HeldConversions = (seed * 100) + 4,
            RejectedConversions = (seed * 100) + 5,
            RevenueMinor = (seed * 100) + 6,
            RefundedMinor = (seed * 100) + 7,
            PendingMinor = (seed * 100) + 8,
            HeldMinor = (seed * 100) + 9,
            ApprovedMinor = (seed * 100) + 10,
            PaidMinor = (seed * 100) + 11,
            ReversedMinor = (seed * 100) + 12,
            RejectedMinor = -((seed * 100) + 13),
        };

    /// <summary>Whole minor units of an amount.</summary>
    public static long MinorUnits(Money money)
    {
        var value = money.Amount;
        for (var i = 0; i < money.Currency.MinorUnits; i++)
        {
            value *= 10m;
        }

        return decimal.ToInt64(value);
    }
}
