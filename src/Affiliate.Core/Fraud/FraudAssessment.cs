namespace Affiliate;

/// <summary>
/// The outcome of running every fraud rule on one click or conversion: the strictest action asked for and every
/// verdict that was not <see cref="FraudAction.Allow"/>, in the order the rules ran. Immutable.
/// </summary>
public sealed class FraudAssessment
{
    /// <summary>Builds an assessment from verdicts; allow verdicts are dropped.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="verdicts"/> or one of them is null.</exception>
    public FraudAssessment(IEnumerable<FraudVerdict> verdicts)
    {
        ArgumentNullException.ThrowIfNull(verdicts);
        var kept = new List<FraudVerdict>();
        foreach (var verdict in verdicts)
        {
            ArgumentNullException.ThrowIfNull(verdict, nameof(verdicts));
            if (!verdict.IsAllow)
            {
                kept.Add(verdict);
            }
        }

        Verdicts = kept.AsReadOnly();
        Codes = kept.Select(v => v.Code).Distinct(StringComparer.Ordinal).ToArray();

        // FraudAction's values are ordered by strictness.
        Action = kept.Count == 0 ? FraudAction.Allow : kept.Max(v => v.Action);
    }

    /// <summary>An assessment with nothing flagged.</summary>
    public static FraudAssessment Allowed { get; } = new([]);

    /// <summary>The strictest action of the verdicts: reject over hold over allow.</summary>
    public FraudAction Action { get; }

    /// <summary>Every verdict that was not allow, in rule order (built-in rules first, then host rules).</summary>
    public IReadOnlyList<FraudVerdict> Verdicts { get; }

    /// <summary>The codes of <see cref="Verdicts"/>, each once, in order; what a click or conversion stores.</summary>
    public IReadOnlyList<string> Codes { get; }

    /// <summary>True when no rule flagged anything.</summary>
    public bool IsAllow => Action == FraudAction.Allow;

    /// <summary>The action and the verdicts' codes and reasons, for logs.</summary>
    public override string ToString() =>
        Verdicts.Count == 0
            ? "Allow"
            : $"{Action}: {string.Join("; ", Verdicts.Select(v => $"{v.Code} ({v.Action}): {v.Reason}"))}";
}
