namespace Affiliate.Stores.Specification.ReadSide;

/// <summary>Adds up clicks, conversions and commission lines for one row of a report. Not thread-safe.</summary>
internal sealed class Tally(Currency currency)
{
    private readonly HashSet<string> _visitors = new(StringComparer.Ordinal);

    public int Clicks { get; private set; }

    public int AttributableClicks { get; private set; }

    public int Conversions { get; private set; }

    public int Held { get; private set; }

    public int Rejected { get; private set; }

    public Money Revenue { get; private set; } = Money.Zero(currency);

    public Money Refunded { get; private set; } = Money.Zero(currency);

    public CommissionTally Commissions { get; } = new(currency);

    public decimal ConversionRate => Clicks == 0 ? 0m : (decimal)Conversions / Clicks;

    public Money EarningsPerClick =>
        Clicks == 0 ? Money.Zero(currency) : new Money(Commissions.Live.Amount / Clicks, currency).Round();

    /// <summary>
    /// Credited to partners: attributed, held, partly or fully refunded (not rejected or unattributed).
    /// </summary>
    public static bool IsCredited(Conversion conversion) =>
        conversion.Status
            is ConversionStatus.Attributed
                or ConversionStatus.Held
                or ConversionStatus.PartiallyRefunded
                or ConversionStatus.Reversed;

    public void AddClick(Click click)
    {
        Clicks++;
        if (click.Attributable)
        {
            AttributableClicks++;
        }

        _visitors.Add(click.VisitorId);
    }

    /// <summary>Counts a conversion; with a partner, only that partner's part of its revenue.</summary>
    public void AddConversion(Conversion conversion, PartnerId? partner)
    {
        if (conversion.Status == ConversionStatus.Rejected)
        {
            Rejected++;
            return;
        }

        if (!IsCredited(conversion))
        {
            return;
        }

        Conversions++;
        if (conversion.Status == ConversionStatus.Held)
        {
            Held++;
        }

        var revenue = partner is { } id ? PartOf(conversion, id) : conversion.ProgramAmount;
        if (revenue.Currency != currency)
        {
            return;
        }

        Revenue += revenue;
        if (conversion.Refunded.IsPositive && !conversion.Amount.IsZero)
        {
            Refunded += (revenue * (conversion.Refunded.Amount / conversion.Amount.Amount)).Round();
        }
    }

    public void AddLine(CommissionLine line) => Commissions.Add(line);

    public PerformanceRow ToRow(LocalDate start, LocalDate until) =>
        new()
        {
            Start = start,
            Until = until,
            Clicks = Clicks,
            UniqueVisitors = _visitors.Count,
            AttributableClicks = AttributableClicks,
            Conversions = Conversions,
            HeldConversions = Held,
            RejectedConversions = Rejected,
            ConversionRate = ConversionRate,
            Revenue = Revenue,
            RefundedRevenue = Refunded,
            Commissions = Commissions.ToTotals(),
            EarningsPerClick = EarningsPerClick,
        };

    /// <summary>
    /// A partner's part of a conversion's sale basis: split by attribution weight without losing a minor unit.
    /// </summary>
    internal static Money PartOf(Conversion conversion, PartnerId partner)
    {
        var shares = conversion.Shares;
        var index = -1;
        for (var i = 0; i < shares.Count; i++)
        {
            if (shares[i].PartnerId == partner)
            {
                index = i;
                break;
            }
        }

        if (index < 0)
        {
            return Money.Zero(conversion.ProgramAmount.Currency);
        }

        if (shares.Count == 1)
        {
            return conversion.ProgramAmount;
        }

        var amount = conversion.ProgramAmount.IsRounded ? conversion.ProgramAmount : conversion.ProgramAmount.Round();
        return amount.Allocate(shares.Select(s => s.Weight).ToArray())[index];
    }
}

/// <summary>Sums commission lines by state.</summary>
internal sealed class CommissionTally(Currency currency)
{
    private readonly Money[] _byState = Enumerable.Repeat(Money.Zero(currency), 6).ToArray();

    public Money Live =>
        _byState[(int)CommissionState.Pending]
        + _byState[(int)CommissionState.Held]
        + _byState[(int)CommissionState.Approved]
        + _byState[(int)CommissionState.Paid];

    public void Add(CommissionLine line)
    {
        var state = (int)line.State;
        if (line.Amount.Currency == currency && state >= 0 && state < _byState.Length)
        {
            _byState[state] += line.Amount;
        }
    }

    public CommissionTotals ToTotals() =>
        new(
            _byState[(int)CommissionState.Pending],
            _byState[(int)CommissionState.Held],
            _byState[(int)CommissionState.Approved],
            _byState[(int)CommissionState.Paid],
            _byState[(int)CommissionState.Reversed],
            _byState[(int)CommissionState.Rejected]
        );
}
