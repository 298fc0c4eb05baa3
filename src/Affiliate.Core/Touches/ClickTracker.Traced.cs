namespace Affiliate;

// The public entry point, traced and counted (see Diagnostics/AffiliateDiagnostics); the work is in TrackAsync.
public sealed partial class ClickTracker
{
    /// <inheritdoc cref="TrackAsync(ClickRequest, CancellationToken)"/>
    public async ValueTask<AffiliateResult<Click>> RecordAsync(
        ClickRequest request,
        CancellationToken cancellationToken = default
    )
    {
        using var activity = diagnostics.Start("affiliate.click.record", request?.ProgramId);
        var result = await TrackAsync(request!, cancellationToken).ConfigureAwait(false);
        return diagnostics.Clicked(activity, request!.ProgramId, result);
    }
}
