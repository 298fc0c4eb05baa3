namespace Affiliate;

/// <summary>Flags conversions where the customer is the credited partner (see <see cref="SelfReferral"/>).</summary>
internal sealed class SelfReferralRule(SelfReferralOptions options) : IConversionFraudRule
{
    private readonly SelfReferralOptions _options = new()
    {
        Enabled = options.Enabled,
        Action = options.Action,
        CheckEmail = options.CheckEmail,
        CheckCustomerId = options.CheckCustomerId,
        CheckIpAddress = options.CheckIpAddress,
    };

    public ValueTask<FraudVerdict> EvaluateAsync(ConversionFraudContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(
            SelfReferral.Check(context.Partner, context.CustomerEmail, context.CustomerId, context.IpHash, _options)
                ?? FraudVerdict.Allow
        );
}
