namespace Affiliate;

/// <summary>Which rule prices an item when several match it.</summary>
public enum RulePrecedence
{
    /// <summary>
    /// The rule with the most specific conditions wins (see <see cref="RuleConditions.Specificity"/>); on a tie the
    /// higher <see cref="CommissionRule.Priority"/>, then the rule listed first.
    /// </summary>
    MostSpecific = 0,

    /// <summary>The rule that pays the most for the item wins; on a tie the rule listed first.</summary>
    Highest = 1,
}
