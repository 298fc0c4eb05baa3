namespace Affiliate;

/// <summary>The review decision recorded on a conversion held by a fraud rule.</summary>
/// <param name="Approved">True when approved, false when rejected.</param>
/// <param name="Reviewer">Who decided.</param>
/// <param name="Reason">Why.</param>
/// <param name="DecidedAt">When.</param>
public sealed record ConversionReview(bool Approved, string Reviewer, string Reason, Instant DecidedAt);
