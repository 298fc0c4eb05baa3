namespace Affiliate;

// The approval run, traced (see Diagnostics/AffiliateDiagnostics); the work is in ApproveAsync.
public sealed partial class CommissionLedger
{
    /// <inheritdoc cref="ApproveAsync(ProgramId?, Instant?, CancellationToken)"/>
    public async ValueTask<int> ApproveDueAsync(
        ProgramId? programId = null,
        Instant? asOf = null,
        CancellationToken cancellationToken = default
    )
    {
        using var activity = diagnostics.Start("affiliate.approval.run", programId);
        var approved = await ApproveAsync(programId, asOf, cancellationToken).ConfigureAwait(false);
        return diagnostics.Approved(activity, programId, approved);
    }
}
