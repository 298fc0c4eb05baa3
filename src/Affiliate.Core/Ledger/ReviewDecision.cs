namespace Affiliate;

/// <summary>
/// A reviewer's decision on a held conversion: approve (its lines become pending) or reject, with a reason.
/// </summary>
/// <param name="Approve">True to approve, false to reject.</param>
/// <param name="Reason">Why; recorded on every line.</param>
/// <param name="Reviewer">Who decided.</param>
public sealed record ReviewDecision(bool Approve, string Reason, string Reviewer);
