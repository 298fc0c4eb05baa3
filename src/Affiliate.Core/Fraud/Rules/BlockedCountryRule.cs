namespace Affiliate.Fraud;

/// <summary>Flags clicks from a listed country.</summary>
internal sealed class BlockedCountryRule(BlockedCountryOptions options) : IClickFraudRule
{
    private readonly FraudAction _action = options.Action;
    private readonly HashSet<string> _countries = new(options.Countries.Select(c => c.Trim()), StringComparer.OrdinalIgnoreCase);

    public ValueTask<FraudVerdict> EvaluateAsync(ClickFraudContext context, CancellationToken cancellationToken)
    {
        var country = context.Click.Country?.Trim();
        return ValueTask.FromResult(country is not null && _countries.Contains(country)
            ? new FraudVerdict(_action, FraudCodes.BlockedCountry, $"Clicks from country {country.ToUpperInvariant()} are blocked by the program.")
            : FraudVerdict.Allow);
    }
}
