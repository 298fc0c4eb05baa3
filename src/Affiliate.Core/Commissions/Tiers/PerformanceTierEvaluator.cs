namespace Affiliate;

/// <summary>
/// Decides a partner's performance tier after a period. Pure: same policy, tier and results, same decision.
/// </summary>
/// <remarks>
/// The partner goes to the highest tier whose promotion criteria the results meet. A partner already above that
/// stays where they are if the results meet their tier's keep criteria; otherwise they drop to the highest tier
/// below whose keep criteria are met (never below the tier the results earn by promotion).
/// </remarks>
public static class PerformanceTierEvaluator
{
    /// <summary>Evaluates one partner.</summary>
    /// <param name="policy">The tiers.</param>
    /// <param name="current">The partner's tier now, or null for none.</param>
    /// <param name="results">The partner's results over the period.</param>
    public static TierDecision Evaluate(PerformanceTierPolicy policy, PartnerTier? current, PartnerPerformance results)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(results);
        var levels = policy.Levels;

        var earned = -1;
        for (var i = 0; i < levels.Count; i++)
        {
            if (levels[i].PromoteWhen.Unmet(results).Count == 0)
            {
                earned = i;
            }
        }

        var currentIndex = -1;
        for (var i = 0; i < levels.Count; i++)
        {
            if (current is { } tier && levels[i].Tier == tier)
            {
                currentIndex = i;
            }
        }

        var chosen = earned;
        IReadOnlyList<string> reasons = [];
        if (currentIndex > earned)
        {
            // Above what the results would earn: keep criteria decide how far the partner falls.
            for (var i = currentIndex; i > earned; i--)
            {
                var keep = levels[i].KeepWhen ?? levels[i].PromoteWhen;
                var unmet = keep.Unmet(results);
                if (unmet.Count == 0)
                {
                    chosen = i;
                    break;
                }

                if (i == currentIndex)
                {
                    reasons = unmet;
                }
            }
        }
        else if (earned >= 0 && earned > currentIndex)
        {
            reasons = [$"met the requirements of {levels[earned].Tier}"];
        }

        PartnerTier? to = chosen >= 0 ? levels[chosen].Tier : null;
        var change =
            chosen == currentIndex ? TierChange.Unchanged
            : chosen > currentIndex ? TierChange.Promoted
            : TierChange.Demoted;
        return new TierDecision(current, to, change, reasons);
    }
}

/// <summary>The outcome of a tier evaluation.</summary>
/// <param name="From">The tier before.</param>
/// <param name="To">The tier after (null when the partner qualifies for none).</param>
/// <param name="Change">Promoted, demoted or unchanged.</param>
/// <param name="Reasons">Why, in words: requirements met on promotion, requirements missed on demotion.</param>
public sealed record TierDecision(PartnerTier? From, PartnerTier? To, TierChange Change, IReadOnlyList<string> Reasons);

/// <summary>How a tier evaluation moved the partner.</summary>
public enum TierChange
{
    /// <summary>Same tier.</summary>
    Unchanged = 0,

    /// <summary>To a higher tier.</summary>
    Promoted = 1,

    /// <summary>To a lower tier.</summary>
    Demoted = 2,
}
