namespace Affiliate;

/// <summary>
/// A customer tied to the partner who brought them: with lifetime attribution the customer's later orders go to
/// that partner (for ever, or for a number of months from <see cref="BoundAt"/>).
/// </summary>
/// <param name="ProgramId">The program.</param>
/// <param name="CustomerId">The host's customer.</param>
/// <param name="PartnerId">The partner who brought the customer.</param>
/// <param name="BoundAt">When the customer's first attributed conversion occurred.</param>
/// <param name="ConversionId">That conversion.</param>
public sealed record CustomerBinding(
    ProgramId ProgramId,
    CustomerId CustomerId,
    PartnerId PartnerId,
    Instant BoundAt,
    ConversionId ConversionId
);
