namespace Affiliate;

/// <summary>
/// A partner's earlier conversions, as the engine asks for them when tiers or bonuses depend on volume. Answers must
/// not include the conversion being priced. Implementations answer from memory: the pricing engine does no I/O, so a
/// store loads what <see cref="PricingEngine.VolumeWindowsFor"/> names beforehand (see <see cref="PrefetchedVolume"/>).
/// </summary>
public interface IPartnerVolume
{
    /// <summary>
    /// The number and revenue (in the plan's currency) of the partner's conversions that occurred at or after
    /// <paramref name="from"/> (from the beginning when null) and before <paramref name="until"/>.
    /// </summary>
    VolumeTotals Between(Instant? from, Instant until);
}

/// <summary>A count of conversions and their revenue.</summary>
/// <param name="Count">How many conversions.</param>
/// <param name="Revenue">Their revenue (sale basis) in the plan's currency.</param>
public readonly record struct VolumeTotals(int Count, decimal Revenue)
{
    /// <summary>No conversions.</summary>
    public static VolumeTotals None => default;
}

/// <summary>A partner with no earlier conversions.</summary>
public sealed class NoVolume : IPartnerVolume
{
    /// <summary>The single instance.</summary>
    public static NoVolume Instance { get; } = new();

    private NoVolume() { }

    /// <inheritdoc />
    public VolumeTotals Between(Instant? from, Instant until) => VolumeTotals.None;
}

/// <summary>
/// Volume computed from a list of earlier conversions (their instants and revenue). Good for tests and small histories.
/// </summary>
public sealed class PartnerHistory : IPartnerVolume
{
    private readonly (Instant At, decimal Revenue)[] _conversions;

    /// <summary>Creates the history from earlier conversions.</summary>
    public PartnerHistory(IEnumerable<(Instant At, decimal Revenue)> conversions)
    {
        ArgumentNullException.ThrowIfNull(conversions);
        _conversions = conversions.ToArray();
    }

    /// <inheritdoc />
    public VolumeTotals Between(Instant? from, Instant until)
    {
        var count = 0;
        var revenue = 0m;
        foreach (var (at, amount) in _conversions)
        {
            if ((from is null || at >= from.Value) && at < until)
            {
                count++;
                revenue += amount;
            }
        }

        return new VolumeTotals(count, revenue);
    }
}

/// <summary>
/// Volume a store loaded ahead of pricing for exactly the windows <see cref="PricingEngine.VolumeWindowsFor"/>
/// named. Asking for another window is a bug in the caller and throws.
/// </summary>
public sealed class PrefetchedVolume : IPartnerVolume
{
    private readonly Dictionary<VolumeQuery, VolumeTotals> _totals = [];

    /// <summary>Records the answer to one query.</summary>
    public PrefetchedVolume Add(VolumeQuery query, VolumeTotals totals)
    {
        _totals[query] = totals;
        return this;
    }

    /// <inheritdoc />
    public VolumeTotals Between(Instant? from, Instant until) =>
        _totals.TryGetValue(new VolumeQuery(from, until), out var totals)
            ? totals
            : throw new InvalidOperationException(
                $"No volume was loaded for [{from?.ToString() ?? "the beginning"}, {until}). Load every window "
                    + "PricingEngine.VolumeWindowsFor returns before pricing."
            );
}

/// <summary>A window of a partner's history the engine will ask about.</summary>
/// <param name="From">Inclusive start, or null from the beginning.</param>
/// <param name="Until">Exclusive end.</param>
public readonly record struct VolumeQuery(Instant? From, Instant Until);
