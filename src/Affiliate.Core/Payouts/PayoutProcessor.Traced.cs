namespace Affiliate;

// The payout run, traced (see Diagnostics/AffiliateDiagnostics); the work is in RunUntracedAsync.
public sealed partial class PayoutProcessor
{
    private async ValueTask<AffiliateResult<PayoutRun>> RunAsync(
        ProgramId? programId,
        Instant? asOf,
        bool onPayoutDatesOnly,
        CancellationToken cancellationToken
    )
    {
        using var activity = diagnostics.Start("affiliate.payout.run", programId);
        var run = await RunUntracedAsync(programId, asOf, onPayoutDatesOnly, cancellationToken).ConfigureAwait(false);
        return diagnostics.PaidOut(activity, run);
    }
}
