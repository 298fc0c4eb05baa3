namespace Affiliate;

/// <summary>
/// A host's own rule for conversions, run by <see cref="FraudPipeline"/> after the built-in rules. Rules should be
/// pure: gather what they need into the context beforehand. A rule that throws yields a hold verdict with code
/// <see cref="FraudCodes.RuleFailed"/> instead of failing the recording.
/// </summary>
/// <example><code>
/// sealed class ReviewLargeOrders : IConversionFraudRule
/// {
///     public ValueTask&lt;FraudVerdict&gt; EvaluateAsync(
///         ConversionFraudContext context, CancellationToken cancellationToken) =>
///         ValueTask.FromResult(context.Conversion.Amount is { Amount: &gt; 5000m }
///             ? FraudVerdict.Hold("large_order", "Orders over 5,000 are reviewed by hand.")
///             : FraudVerdict.Allow);
/// }
/// </code></example>
public interface IConversionFraudRule
{
    /// <summary>Judges one conversion; returns <see cref="FraudVerdict.Allow"/> when nothing is wrong.</summary>
    ValueTask<FraudVerdict> EvaluateAsync(ConversionFraudContext context, CancellationToken cancellationToken);
}
