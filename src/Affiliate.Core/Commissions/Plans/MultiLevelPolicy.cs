namespace Affiliate;

/// <summary>
/// Commissions for the seller's upline: the seller is level 1 (priced by the plan's rules), the seller's sponsor
/// level 2, the sponsor's sponsor level 3, and so on up to the last level with a rate.
/// </summary>
/// <example><code>
/// new MultiLevelPolicy
/// {
///     Levels = [new(2, CommissionRate.Percent(2)), new(3, CommissionRate.Percent(1))],
///     Basis = UplineBasis.Sale,
/// }
/// </code></example>
public sealed record MultiLevelPolicy
{
    /// <summary>The rate of each upline level, from level 2 upward without gaps.</summary>
    public required IReadOnlyList<UplineLevel> Levels { get; init; }

    /// <summary>What upline percentages are taken of.</summary>
    public UplineBasis Basis { get; init; } = UplineBasis.Sale;

    /// <summary>Whether upline commissions come on top of the seller's or out of it.</summary>
    public UplinePayment Payment { get; init; } = UplinePayment.InAddition;

    /// <summary>What happens at a level whose partner is not active.</summary>
    public InactiveUplines InactiveUplines { get; init; } = InactiveUplines.Compress;

    /// <summary>The most a conversion may pay in total (seller plus upline), or null for no cap.</summary>
    public MultiLevelCap? Cap { get; init; }

    /// <summary>The highest level with a rate.</summary>
    public int Depth
    {
        get
        {
            if (Levels.Count == 0)
            {
                return 1;
            }

            // A loop rather than Max(l => l.Level): no enumerator, and the same answer.
            var depth = Levels[0].Level;
            for (var i = 1; i < Levels.Count; i++)
            {
                depth = Math.Max(depth, Levels[i].Level);
            }

            return depth;
        }
    }
}

/// <summary>The rate of one upline level.</summary>
/// <param name="Level">2 for the seller's sponsor, 3 for the sponsor's sponsor...</param>
/// <param name="Rate">A percentage of the <see cref="MultiLevelPolicy.Basis"/> or a flat amount per conversion.</param>
public sealed record UplineLevel(int Level, CommissionRate Rate);

/// <summary>What upline percentages are taken of.</summary>
public enum UplineBasis
{
    /// <summary>The sale basis (like the seller's own percentage).</summary>
    Sale = 0,

    /// <summary>The seller's commission on the conversion (before any deduction).</summary>
    SellerCommission = 1,
}

/// <summary>Who bears the upline commissions.</summary>
public enum UplinePayment
{
    /// <summary>The program pays upline commissions on top of the seller's.</summary>
    InAddition = 0,

    /// <summary>Upline commissions are taken out of the seller's commission.</summary>
    DeductedFromSeller = 1,
}

/// <summary>What happens at an upline level whose partner is pending, suspended or terminated.</summary>
public enum InactiveUplines
{
    /// <summary>The inactive partner is skipped and the next active partner up the chain takes the level.</summary>
    Compress = 0,

    /// <summary>The level's commission is not paid to anyone; higher levels keep their places.</summary>
    Forfeit = 1,
}

/// <summary>
/// A cap on the total a conversion pays (seller plus upline, bonuses excluded). When both limits are set the lower
/// one applies. Over the cap, the highest level gives up its share first, the seller last.
/// </summary>
/// <param name="MaxPercentOfSale">The most, as a percentage of the sale basis.</param>
/// <param name="MaxAmount">The most, as an amount in the plan's currency.</param>
public sealed record MultiLevelCap(decimal? MaxPercentOfSale = null, Money? MaxAmount = null);
