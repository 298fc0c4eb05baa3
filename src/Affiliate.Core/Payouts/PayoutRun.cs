namespace Affiliate;

/// <summary>Why a payout run created what it did, or nothing.</summary>
public enum PayoutRunStatus
{
    /// <summary>The run created at least one payout.</summary>
    Created,

    /// <summary>
    /// The run found nothing to pay: no approved balance, or every balance below its threshold (see
    /// <see cref="PayoutRun.BelowThreshold"/>) or owned by a partner who cannot be paid now (see
    /// <see cref="PayoutRun.PartnersNotEarning"/>).
    /// </summary>
    NothingPayable,

    /// <summary>The date is not one of the program's payout dates; <see cref="PayoutRun.NextPayoutDate"/> says
    /// when.</summary>
    NotPayoutDay,

    /// <summary>Another instance is running the program's payouts; it pays what this run would have.</summary>
    RunningElsewhere,
}

/// <summary>
/// What one payout run of a program did: the payouts it created, or why there were none. Balances that wait are
/// counted, so an empty run explains itself ("3 partners below the threshold").
/// </summary>
/// <param name="ProgramId">The program.</param>
/// <param name="Status">What happened.</param>
/// <param name="Payouts">The payouts created (empty unless <see cref="PayoutRunStatus.Created"/>).</param>
public sealed record PayoutRun(ProgramId ProgramId, PayoutRunStatus Status, IReadOnlyList<Payout> Payouts)
{
    /// <summary>The program's local date the run was for.</summary>
    public LocalDate RunDate { get; init; }

    /// <summary>For <see cref="PayoutRunStatus.NotPayoutDay"/>: the next payout date on the program's
    /// schedule.</summary>
    public LocalDate? NextPayoutDate { get; init; }

    /// <summary>Partner balances (per currency) that are positive but below their threshold: carried to a later
    /// run.</summary>
    public int BelowThreshold { get; init; }

    /// <summary>
    /// Partner balances that are zero or negative after clawbacks: carried to a later run, which nets them against
    /// new commissions.
    /// </summary>
    public int NotPositive { get; init; }

    /// <summary>Balances of partners who cannot be paid now (suspended, terminated, unknown): they wait.</summary>
    public int PartnersNotEarning { get; init; }

    /// <summary>One sentence for logs and admin pages: what the run did, or why it did nothing.</summary>
    public string Summary =>
        Status switch
        {
            PayoutRunStatus.Created =>
                $"{Payouts.Count} payout(s) created for program '{ProgramId}' on {RunDate:uuuu-MM-dd}" + Waiting(),
            PayoutRunStatus.NotPayoutDay => $"{RunDate:uuuu-MM-dd} is not a payout date of program '{ProgramId}'; "
                + $"the next is {NextPayoutDate:uuuu-MM-dd}",
            PayoutRunStatus.RunningElsewhere => $"another instance is running the payouts of program '{ProgramId}'",
            _ => $"nothing to pay in program '{ProgramId}' on {RunDate:uuuu-MM-dd}" + Waiting(),
        };

    private string Waiting() =>
        BelowThreshold + NotPositive + PartnersNotEarning == 0
            ? string.Empty
            : $" ({BelowThreshold} below the threshold, {NotPositive} not positive, "
                + $"{PartnersNotEarning} of partners who cannot be paid now)";
}
