namespace Affiliate;

/// <summary>
/// One way a plan pays: which conversions it prices (<see cref="AppliesTo"/>, <see cref="When"/>) and how much
/// (exactly one of <see cref="Rate"/>, <see cref="Tiers"/> or <see cref="Recurring"/>).
/// </summary>
/// <example><code>
/// new CommissionRule { Id = "default", Rate = CommissionRate.Percent(10) }
/// new CommissionRule { Id = "books", Rate = CommissionRate.Percent(5), When = new() { Categories = ["books"] } }
/// new CommissionRule { Id = "cpl", AppliesTo = [ConversionKind.Lead], Rate = CommissionRate.Flat(Money.Of(2, "EUR")) }
/// </code></example>
public sealed record CommissionRule
{
    /// <summary>A stable id, unique in the plan version, shown in every explanation.</summary>
    public required string Id { get; init; }

    /// <summary>A name for statements.</summary>
    public string? Name { get; init; }

    /// <summary>The kinds of conversion the rule prices; sales and renewals by default.</summary>
    public IReadOnlyList<ConversionKind> AppliesTo { get; init; } = [ConversionKind.Sale, ConversionKind.Renewal];

    /// <summary>Conditions on the conversion, the partner and the items.</summary>
    public RuleConditions When { get; init; } = RuleConditions.Always;

    /// <summary>A fixed rate.</summary>
    public CommissionRate? Rate { get; init; }

    /// <summary>A rate by the partner's volume.</summary>
    public VolumeTiers? Tiers { get; init; }

    /// <summary>A rate by the age of the subscription.</summary>
    public RecurringSchedule? Recurring { get; init; }

    /// <summary>
    /// Breaks ties between equally specific rules under <see cref="RulePrecedence.MostSpecific"/>; higher wins.
    /// </summary>
    public int Priority { get; init; }

    /// <summary>The name if there is one, else the id.</summary>
    public string DisplayName => Name ?? Id;
}
