namespace Affiliate;

/// <summary>
/// Flags clicks from a listed country, and conversions whose customer country (<see cref="ConversionFacts.Country"/>)
/// is listed: a sale shipped to a blocked country is blocked even when the click came from elsewhere.
/// </summary>
internal sealed class BlockedCountryRule(BlockedCountryOptions options) : IClickFraudRule, IConversionFraudRule
{
    private readonly FraudAction _action = options.Action;
    private readonly HashSet<string> _countries = new(
        options.Countries.Select(c => c.Trim()),
        StringComparer.OrdinalIgnoreCase
    );

    public ValueTask<FraudVerdict> EvaluateAsync(ClickFraudContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Check(context.Click.Country, "Clicks"));

    public ValueTask<FraudVerdict> EvaluateAsync(ConversionFraudContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Check(context.Conversion.Country, "Conversions"));

    private FraudVerdict Check(string? value, string what)
    {
        var country = value?.Trim();
        return country is not null && _countries.Contains(country)
            ? new FraudVerdict(
                _action,
                FraudCodes.BlockedCountry,
                $"{what} from country {country.ToUpperInvariant()} are blocked by the program."
            )
            : FraudVerdict.Allow;
    }
}
