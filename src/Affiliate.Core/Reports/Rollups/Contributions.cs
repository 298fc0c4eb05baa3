namespace Affiliate;

/// <summary>
/// What each record adds to the read side. Every change a write makes is the record's contribution after the write
/// minus its contribution before (<c>sign</c> -1), so rollups stay the sums of the contributions of the rows as they
/// are now; the property tests check that against a recomputation from the raw rows.
/// </summary>
internal static class Contributions
{
    private static readonly StatsDimension[] SubDimensions =
    [
        StatsDimension.Sub1,
        StatsDimension.Sub2,
        StatsDimension.Sub3,
        StatsDimension.Sub4,
        StatsDimension.Sub5,
    ];

    /// <summary>A click: counted in its day's rows and hour, its visitor marked seen.</summary>
    public static RollupChange Click(this RollupChange change, Click click, DateTimeZone zone)
    {
        var day = click.OccurredAt.InZone(zone).Date;
        var counters = new StatsCounters { Clicks = 1, AttributableClicks = click.Attributable ? 1 : 0 };
        Rows(change, click.ProgramId, click.PartnerId, day, (click.SubIds, click.LinkId), counters, withProgram: true);
        change.Add(new VisitorMark(click.ProgramId, null, day, click.VisitorId));
        change.Add(new VisitorMark(click.ProgramId, click.PartnerId, day, click.VisitorId));
        var hour = ActivityHours.Of(click.OccurredAt);
        change.Add(new ActivityKey(click.ProgramId, null, hour), new ActivityCounters(1, 0, 0, 0));
        change.Add(new ActivityKey(click.ProgramId, click.PartnerId, hour), new ActivityCounters(1, 0, 0, 0));
        return change;
    }

    /// <summary>
    /// A conversion as it stands: counted once in the program's row and once in each credited partner's rows (their
    /// part of the revenue, split by attribution weight), and in the activity counters when credited.
    /// </summary>
    /// <param name="change">The change to add to.</param>
    /// <param name="conversion">The conversion.</param>
    /// <param name="zone">The program's time zone.</param>
    /// <param name="currency">The program's currency: revenue in another is left out, as reports leave it out.</param>
    /// <param name="sourceOf">The sub-ids and link of the click each credited partner got credit for.</param>
    /// <param name="sign">+1 to add the conversion, -1 to take it back (its state before a change).</param>
    public static RollupChange Conversion(
        this RollupChange change,
        Conversion conversion,
        DateTimeZone zone,
        Currency currency,
        Func<AttributionShareSource, ClickSource> sourceOf,
        int sign = 1
    )
    {
        var credited = IsCredited(conversion);
        if (conversion.Status != ConversionStatus.Rejected && !credited)
        {
            return change; // unattributed: no partner, not in any report
        }

        var day = conversion.OccurredAt.InZone(zone).Date;
        // The program's row counts a shared conversion once, with all its revenue; each partner's row their part.
        Rows(
            change,
            conversion.ProgramId,
            null,
            day,
            null,
            Signed(sign, Counters(conversion, conversion.ProgramAmount, currency)),
            withProgram: false
        );
        foreach (var share in conversion.Shares)
        {
            var part = Credit.PartOf(conversion, share.PartnerId);
            var source = sourceOf(new AttributionShareSource(conversion, share.PartnerId, share.ClickId));
            Rows(
                change,
                conversion.ProgramId,
                share.PartnerId,
                day,
                (source.SubIds, source.LinkId),
                Signed(sign, Counters(conversion, part, currency)),
                withProgram: false
            );
        }

        if (credited && conversion.Shares.Count > 0)
        {
            var activity = new ActivityCounters(
                0,
                sign,
                conversion.ClickId is null ? 0 : sign,
                conversion.Refunded.IsPositive ? sign : 0
            );
            var hour = ActivityHours.Of(conversion.OccurredAt);
            change.Add(new ActivityKey(conversion.ProgramId, null, hour), activity);
            foreach (var partner in conversion.Shares.Select(s => s.PartnerId).Distinct())
            {
                change.Add(new ActivityKey(conversion.ProgramId, partner, hour), activity);
            }
        }

        return change;
    }

    /// <summary>
    /// A commission line as it stands: its amount in its state's column of its rows, and in its balance.
    /// </summary>
    public static RollupChange Line(this RollupChange change, CommissionLine line, int sign = 1)
    {
        var minor = sign * Minor(line.Amount);
        if (line.Placement is { } placement)
        {
            var source = placement.SubIds is { } subIds
                ? (subIds, placement.LinkId)
                : ((IReadOnlyList<string>, string?)?)null;
            Rows(
                change,
                line.ProgramId,
                line.PartnerId,
                placement.Day,
                source,
                StatsCounters.OfCommission(line.State, minor),
                withProgram: true
            );
        }

        var balance = Balance(line.State, line.PayoutId is not null, minor);
        if (!balance.IsZero)
        {
            change.Add(new BalanceKey(line.ProgramId, line.PartnerId, line.Amount.Currency), balance);
        }

        return change;
    }

    /// <summary>A line replaced by a new state of itself.</summary>
    public static RollupChange LineChanged(this RollupChange change, CommissionLine before, CommissionLine after) =>
        change.Line(before, -1).Line(after);

    /// <summary>Where an amount counts in a balance, for a line in a state (claimed by a payout or not).</summary>
    public static BalanceCounters Balance(CommissionState state, bool claimed, long minor) =>
        state switch
        {
            CommissionState.Pending => new(minor, 0, 0, 0, 0),
            CommissionState.Held => new(0, minor, 0, 0, 0),
            CommissionState.Approved when claimed => new(0, 0, 0, minor, 0),
            CommissionState.Approved => new(0, 0, minor, 0, 0),
            CommissionState.Paid => new(0, 0, 0, 0, minor),
            _ => default,
        };

    /// <summary>
    /// The rollup rows a record counts in: the program's total, and its partner's total and source rows.
    /// </summary>
    public static IEnumerable<StatsKey> Keys(
        ProgramId program,
        PartnerId? partner,
        LocalDate day,
        (IReadOnlyList<string> SubIds, string? LinkId)? source
    )
    {
        if (partner is null)
        {
            yield return new StatsKey(program, null, day, StatsDimension.Total, string.Empty);
            yield break;
        }

        yield return new StatsKey(program, partner, day, StatsDimension.Total, string.Empty);
        if (source is not { } s)
        {
            yield break;
        }

        for (var i = 0; i < SubDimensions.Length; i++)
        {
            yield return new StatsKey(
                program,
                partner,
                day,
                SubDimensions[i],
                i < s.SubIds.Count ? s.SubIds[i] ?? string.Empty : string.Empty
            );
        }

        yield return new StatsKey(program, partner, day, StatsDimension.Link, s.LinkId ?? string.Empty);
    }

    /// <summary>Whole minor units of a rounded amount.</summary>
    public static long Minor(Money money) => decimal.ToInt64(money.Round().Amount * Pow10(money.Currency.MinorUnits));

    /// <summary>
    /// Credited to partners: attributed, held, partly or fully refunded (not rejected or unattributed).
    /// </summary>
    public static bool IsCredited(Conversion conversion) => Credit.IsCredited(conversion);

    private static void Rows(
        RollupChange change,
        ProgramId program,
        PartnerId? partner,
        LocalDate day,
        (IReadOnlyList<string> SubIds, string? LinkId)? source,
        StatsCounters counters,
        bool withProgram
    )
    {
        if (counters.IsZero)
        {
            return;
        }

        if (withProgram && partner is not null)
        {
            change.Add(new StatsKey(program, null, day, StatsDimension.Total, string.Empty), counters);
        }

        foreach (var key in Keys(program, partner, day, source))
        {
            change.Add(key, counters);
        }
    }

    private static StatsCounters Counters(Conversion conversion, Money revenue, Currency currency)
    {
        if (conversion.Status == ConversionStatus.Rejected)
        {
            return new StatsCounters { RejectedConversions = 1 };
        }

        var counters = new StatsCounters
        {
            Conversions = 1,
            HeldConversions = conversion.Status == ConversionStatus.Held ? 1 : 0,
        };
        if (revenue.Currency != currency)
        {
            return counters;
        }

        var refunded =
            conversion.Refunded.IsPositive && !conversion.Amount.IsZero
                ? Minor(revenue * (conversion.Refunded.Amount / conversion.Amount.Amount))
                : 0;
        return counters with { RevenueMinor = Minor(revenue), RefundedMinor = refunded };
    }

    private static StatsCounters Signed(int sign, StatsCounters counters) => sign >= 0 ? counters : -counters;

    private static decimal Pow10(int digits)
    {
        var value = 1m;
        for (var i = 0; i < digits; i++)
        {
            value *= 10m;
        }

        return value;
    }
}

/// <summary>
/// A credited partner of a conversion and the click they got credit for, to look up its sub-ids and link.
/// </summary>
/// <param name="Conversion">The conversion.</param>
/// <param name="PartnerId">The credited partner.</param>
/// <param name="ClickId">The click of the partner's share, if it came through one.</param>
internal readonly record struct AttributionShareSource(Conversion Conversion, PartnerId PartnerId, ClickId? ClickId);

/// <summary>The sub-ids and link a record came through (none for coupons and lifetime customers).</summary>
/// <param name="SubIds">The click's sub-ids.</param>
/// <param name="LinkId">The click's link.</param>
internal readonly record struct ClickSource(IReadOnlyList<string> SubIds, string? LinkId)
{
    /// <summary>No click: every sub-id and the link count under the empty string.</summary>
    public static ClickSource None { get; } = new([], null);
}
