namespace Affiliate;

/// <summary>
/// A payout to one partner in one currency: the approved lines it settles (negative clawbacks included) and their
/// sum. The library computes and records payouts; moving the money is the host's job, which then marks the payout
/// paid with its external reference.
/// </summary>
public sealed record Payout
{
    /// <summary>The payout's id.</summary>
    public required PayoutId Id { get; init; }

    /// <summary>The program.</summary>
    public required ProgramId ProgramId { get; init; }

    /// <summary>The partner paid.</summary>
    public required PartnerId PartnerId { get; init; }

    /// <summary>The amount: exactly the sum of the lines.</summary>
    public required Money Amount { get; init; }

    /// <summary>
    /// How many lines the payout settles; the lines name the payout (<see cref="CommissionLine.PayoutId"/>), so a
    /// statement reads them by payout id.
    /// </summary>
    public required int LineCount { get; init; }

    /// <summary>Where the payout stands.</summary>
    public required PayoutStatus Status { get; init; }

    /// <summary>When it was created.</summary>
    public required Instant CreatedAt { get; init; }

    /// <summary>The payout date in the program's time zone.</summary>
    public required LocalDate PayoutDate { get; init; }

    /// <summary>When it was marked paid or failed.</summary>
    public Instant? ClosedAt { get; init; }

    /// <summary>The bank transfer, PayPal or provider reference the host paid it with.</summary>
    public string? ExternalReference { get; init; }

    /// <summary>Why it failed, when it did.</summary>
    public string? FailureReason { get; init; }

    /// <summary>The concurrency token.</summary>
    public long Version { get; init; }
}

/// <summary>Where a payout stands.</summary>
public enum PayoutStatus
{
    /// <summary>Computed; its lines are claimed and wait for the money to move.</summary>
    Pending = 0,

    /// <summary>Paid; its lines are paid.</summary>
    Paid = 1,

    /// <summary>The transfer failed; its lines were released for the next payout.</summary>
    Failed = 2,
}
