namespace Affiliate.Payouts;

// The payout run, traced (see Diagnostics/AffiliateDiagnostics); the work is in CreateDueAsync.
public sealed partial class PayoutProcessor
{
    /// <inheritdoc cref="CreateDueAsync(ProgramId?, Instant?, CancellationToken)"/>
    public async ValueTask<IReadOnlyList<Payout>> CreatePayoutsAsync(
        ProgramId? programId = null, Instant? asOf = null, CancellationToken cancellationToken = default)
    {
        using var activity = diagnostics.Start("affiliate.payout.run", programId);
        var payouts = await CreateDueAsync(programId, asOf, cancellationToken).ConfigureAwait(false);
        return diagnostics.PaidOut(activity, payouts);
    }
}
