namespace Affiliate;

/// <summary>
/// Rejects clicks from the listed countries (needs a country provider to fill <see cref="Click.Country"/>) and
/// conversions whose customer country is listed.
/// </summary>
public sealed class BlockedCountryOptions : FraudRuleOptions
{
    /// <summary>Enabled, rejecting, no countries listed.</summary>
    public BlockedCountryOptions()
        : base(FraudAction.Reject) { }

    /// <summary>Two-letter ISO 3166 codes such as <c>RU</c>, compared ignoring case; empty by default.</summary>
    public IList<string> Countries { get; } = [];
}
