namespace Affiliate;

/// <summary>
/// A host's own rule for clicks, run by <see cref="FraudPipeline"/> after the built-in rules. Rules should be pure:
/// gather what they need into the context beforehand. A rule that throws yields a hold verdict with code
/// <see cref="FraudCodes.RuleFailed"/> instead of failing the recording.
/// </summary>
/// <example><code>
/// sealed class NoClicksFromDataCentres(IDataCentreList list) : IClickFraudRule
/// {
///     public ValueTask&lt;FraudVerdict&gt; EvaluateAsync(
///         ClickFraudContext context, CancellationToken cancellationToken) =>
///         ValueTask.FromResult(context.IpAddress is { } ip &amp;&amp; list.Contains(ip)
///             ? FraudVerdict.Reject("data_centre_ip", "The click came from a data centre.")
///             : FraudVerdict.Allow);
/// }
/// </code></example>
public interface IClickFraudRule
{
    /// <summary>Judges one click; returns <see cref="FraudVerdict.Allow"/> when nothing is wrong.</summary>
    ValueTask<FraudVerdict> EvaluateAsync(ClickFraudContext context, CancellationToken cancellationToken);
}
