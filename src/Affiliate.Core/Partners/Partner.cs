namespace Affiliate;

/// <summary>
/// A partner (affiliate, referrer) of a program: who they are, whether they may earn, which segment and tier plan
/// conditions see, and who sponsored them in a multi-level program. Immutable; change it with <c>with</c> and
/// <see cref="MoveTo"/>.
/// </summary>
public sealed record Partner
{
    private readonly IReadOnlyList<ReferralCode> _referralCodes = [];
    private readonly PartnerId? _sponsorId;
    private readonly PartnerId _id;

    /// <summary>The partner's id.</summary>
    /// <exception cref="ArgumentException">The id is the partner's own sponsor.</exception>
    public required PartnerId Id
    {
        get => _id;
        init =>
            _id =
                value == _sponsorId
                    ? throw new ArgumentException($"Partner '{value}' cannot be its own sponsor.", nameof(value))
                    : value;
    }

    /// <summary>Display name.</summary>
    public required string Name { get; init; }

    /// <summary>Status; only active partners earn.</summary>
    public PartnerStatus Status { get; init; } = PartnerStatus.Pending;

    /// <summary>The kind of partner, if the program segments them.</summary>
    public PartnerSegment? Segment { get; init; }

    /// <summary>The performance tier the partner currently holds, if the program has tiers.</summary>
    public PartnerTier? Tier { get; init; }

    /// <summary>The upline partner who recruited this one (level 2 in a multi-level plan).</summary>
    /// <exception cref="ArgumentException">A partner cannot sponsor itself.</exception>
    public PartnerId? SponsorId
    {
        get => _sponsorId;
        init =>
            _sponsorId =
                value is { } sponsor && sponsor == _id
                    ? throw new ArgumentException($"Partner '{Id}' cannot be its own sponsor.", nameof(value))
                    : value;
    }

    /// <summary>The partner's referral codes, unique ignoring case.</summary>
    /// <exception cref="ArgumentException">Two codes are the same ignoring case.</exception>
    public IReadOnlyList<ReferralCode> ReferralCodes
    {
        get => _referralCodes;
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            var duplicate = value.GroupBy(c => c).FirstOrDefault(g => g.Count() > 1);
            if (duplicate is not null)
            {
                throw new ArgumentException(
                    $"Referral code '{duplicate.Key}' is listed twice (codes compare ignoring case).",
                    nameof(value)
                );
            }

            _referralCodes = value.ToArray();
        }
    }

    /// <summary>The currency the partner is paid in; the program's currency when null.</summary>
    public Currency? PayoutCurrency { get; init; }

    /// <summary>The least approved balance paid out; the program's threshold when null.</summary>
    public Money? PayoutThreshold { get; init; }

    /// <summary>When the partner joined the program.</summary>
    public Instant JoinedAt { get; init; }

    /// <summary>The partner's e-mail address, compared (normalised) with customers' to catch self-referrals.</summary>
    public string? Email { get; init; }

    /// <summary>The partner's own customer account in the host application, if any (a self-referral signal).</summary>
    public CustomerId? CustomerId { get; init; }

    /// <summary>Keyed hashes of IP addresses the partner signed in from (a self-referral signal).</summary>
    public IReadOnlyList<string> KnownIpHashes { get; init; } = [];

    /// <summary>A concurrency token a store bumps on every change.</summary>
    public long Version { get; init; }

    /// <summary>True when the status lets the partner earn commissions.</summary>
    public bool CanEarn => Status == PartnerStatus.Active;

    /// <summary>
    /// Whether a partner may move from one status to another: pending to active (approval), declined or terminated,
    /// active and suspended back and forth, and pending, active or suspended to terminated. Terminated and declined
    /// are final. Staying in the same status is not a move.
    /// </summary>
    public static bool IsAllowedTransition(PartnerStatus from, PartnerStatus to) =>
        (from, to) switch
        {
            (PartnerStatus.Pending, PartnerStatus.Active) => true,
            (PartnerStatus.Pending, PartnerStatus.Declined) => true,
            (PartnerStatus.Active, PartnerStatus.Suspended) => true,
            (PartnerStatus.Suspended, PartnerStatus.Active) => true,
            (PartnerStatus.Terminated or PartnerStatus.Declined, _) => false,
            (_, PartnerStatus.Terminated) => true,
            _ => false,
        };

    /// <summary>Returns the partner in a new status.</summary>
    /// <exception cref="InvalidOperationException">The move is not allowed (see <see
    /// cref="IsAllowedTransition"/>).</exception>
    public Partner MoveTo(PartnerStatus status) =>
        IsAllowedTransition(Status, status)
            ? this with
            {
                Status = status,
            }
            : throw new InvalidOperationException($"Partner '{Id}' cannot move from {Status} to {status}.");
}
