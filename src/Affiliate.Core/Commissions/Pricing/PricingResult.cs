namespace Affiliate;

/// <summary>
/// The outcome of pricing a conversion: the lines, or the error that kept the conversion from being priced.
/// A conversion no rule matches succeeds with no commission line (<see cref="Commissionable"/> is false).
/// </summary>
public sealed class PricingResult
{
    private PricingResult(
        PricingError? error,
        PlanVersion? version,
        IReadOnlyList<PricedLine> lines,
        IReadOnlyList<ForfeitedLevel> forfeited,
        bool commissionable
    )
    {
        Error = error;
        Version = version;
        Lines = lines;
        Forfeited = forfeited;
        Commissionable = commissionable;
    }

    /// <summary>True when the conversion was priced (possibly to nothing).</summary>
    public bool Succeeded => Error is null;

    /// <summary>Why it was not priced, when <see cref="Succeeded"/> is false.</summary>
    public PricingError? Error { get; }

    /// <summary>The plan version that priced it.</summary>
    public PlanVersion? Version { get; }

    /// <summary>The commission lines: the seller's first, then upline by level, then bonuses.</summary>
    public IReadOnlyList<PricedLine> Lines { get; }

    /// <summary>Upline levels not paid because their partner was inactive and the plan forfeits such levels.</summary>
    public IReadOnlyList<ForfeitedLevel> Forfeited { get; }

    /// <summary>True when a commission rule matched the conversion (even at a 0% tier).</summary>
    public bool Commissionable { get; }

    /// <summary>The total of all lines to one partner, in <paramref name="currency"/>.</summary>
    public Money TotalFor(PartnerId partner, Currency currency) =>
        Money.Sum(Lines.Where(l => l.PartnerId == partner).Select(l => l.Amount), currency);

    internal static PricingResult Priced(
        PlanVersion version,
        IReadOnlyList<PricedLine> lines,
        IReadOnlyList<ForfeitedLevel> forfeited,
        bool commissionable
    ) => new(null, version, lines, forfeited, commissionable);

    internal static PricingResult Failed(string code, string message) =>
        new(new PricingError(code, message), null, [], [], false);
}

/// <summary>An upline level left unpaid because its partner was not active.</summary>
/// <param name="Level">The level.</param>
/// <param name="PartnerId">The inactive partner.</param>
/// <param name="Amount">What the level would have paid.</param>
public sealed record ForfeitedLevel(int Level, PartnerId PartnerId, Money Amount);
