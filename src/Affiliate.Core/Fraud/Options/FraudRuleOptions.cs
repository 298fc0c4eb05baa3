namespace Affiliate;

/// <summary>What every built-in fraud rule has: a switch and the action it takes when it flags something.</summary>
public abstract class FraudRuleOptions
{
    /// <summary>Sets the rule's default action.</summary>
    protected FraudRuleOptions(FraudAction defaultAction) => Action = defaultAction;

    /// <summary>Whether the rule runs; true by default. A disabled rule never flags anything.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// What happens when the rule flags something: <see cref="FraudAction.Hold"/> or <see cref="FraudAction.Reject"/>.
    /// </summary>
    public FraudAction Action { get; set; }
}
