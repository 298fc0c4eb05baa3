namespace Affiliate;

// The public entry points, traced and counted (see Diagnostics/AffiliateDiagnostics); the work is in
// RecordConversionAsync and RecordRefundAsync.
public sealed partial class ConversionRecorder
{
    /// <inheritdoc cref="RecordConversionAsync(ConversionRequest, CancellationToken)"/>
    public async ValueTask<AffiliateResult<ConversionOutcome>> RecordAsync(
        ConversionRequest request,
        CancellationToken cancellationToken = default
    )
    {
        using var activity = diagnostics.Start("affiliate.conversion.record", request?.ProgramId);
        var result = await RecordConversionAsync(request!, cancellationToken).ConfigureAwait(false);
        return diagnostics.Converted(activity, request!.ProgramId, result);
    }

    /// <inheritdoc cref="RecordRefundAsync(RefundRequest, CancellationToken)"/>
    public async ValueTask<AffiliateResult<RefundOutcome>> RefundAsync(
        RefundRequest request,
        CancellationToken cancellationToken = default
    )
    {
        using var activity = diagnostics.Start("affiliate.refund.record", request?.ProgramId);
        var result = await RecordRefundAsync(request!, cancellationToken).ConfigureAwait(false);
        return diagnostics.Refunded(activity, request!.ProgramId, result);
    }
}
