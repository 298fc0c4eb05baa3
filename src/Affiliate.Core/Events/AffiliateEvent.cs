using System.Text.Json.Serialization;

namespace Affiliate;

/// <summary>
/// A state change, raised for e-mail, CRM or outgoing webhooks. Stores write events in the same transaction as the
/// change they describe (a transactional outbox), so an event is never lost nor sent for a change that did not happen.
/// </summary>
/// <remarks>
/// The <see cref="JsonDerivedTypeAttribute"/>s below are the one list of event types: each name is the event's
/// <see cref="Type"/>, the outbox stores it beside the record's JSON, and JSON of a value declared as
/// <see cref="AffiliateEvent"/> carries it as <c>"type"</c> (see <see cref="AffiliateJson"/>). A new event needs its
/// line here (a test fails until it has one); a name, once stored, never changes.
/// </remarks>
[JsonPolymorphic(
    TypeDiscriminatorPropertyName = "type",
    UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization,
    IgnoreUnrecognizedTypeDiscriminators = false
)]
[JsonDerivedType(typeof(PartnerRegistered), "partner.registered")]
[JsonDerivedType(typeof(PartnerStatusChanged), "partner.status_changed")]
[JsonDerivedType(typeof(PartnerTierChanged), "partner.tier_changed")]
[JsonDerivedType(typeof(ConversionRecorded), "conversion.recorded")]
[JsonDerivedType(typeof(RefundRecorded), "conversion.refunded")]
[JsonDerivedType(typeof(CommissionLineCreated), "commission.created")]
[JsonDerivedType(typeof(CommissionLineStateChanged), "commission.state_changed")]
[JsonDerivedType(typeof(CommissionsApproved), "commission.approved")]
[JsonDerivedType(typeof(ConversionReviewed), "conversion.reviewed")]
[JsonDerivedType(typeof(CustomerBound), "customer.bound")]
[JsonDerivedType(typeof(PayoutCreated), "payout.created")]
[JsonDerivedType(typeof(PayoutPaid), "payout.paid")]
[JsonDerivedType(typeof(PayoutFailed), "payout.failed")]
[JsonDerivedType(typeof(PlanVersionScheduled), "plan.version_scheduled")]
[JsonDerivedType(typeof(PartnerUpdated), "partner.updated")]
[JsonDerivedType(typeof(PartnerSponsorChanged), "partner.sponsor_changed")]
[JsonDerivedType(typeof(PartnerErased), "partner.erased")]
public abstract record AffiliateEvent
{
    /// <summary>The event's unique id (dispatchers use it to deliver at most once per handler).</summary>
    public Guid EventId { get; init; } = Guid.CreateVersion7();

    /// <summary>When the change happened.</summary>
    public required Instant OccurredAt { get; init; }

    /// <summary>The program.</summary>
    public required ProgramId ProgramId { get; init; }

    /// <summary>A stable name for the event type, such as <c>conversion.recorded</c>.</summary>
    /// <remarks>
    /// Not a JSON member of its own: JSON of a value declared as <see cref="AffiliateEvent"/> carries the name as its
    /// <c>"type"</c> discriminator. Each override says <c>[JsonIgnore]</c> (System.Text.Json reads the attribute on the
    /// override, not here), so that options with a camelCase policy do not find the name twice.
    /// </remarks>
    public abstract string Type { get; }
}

/// <summary>A partner applied or was created.</summary>
public sealed record PartnerRegistered(PartnerId PartnerId, PartnerStatus Status) : AffiliateEvent
{
    /// <inheritdoc />
    [JsonIgnore]
    public override string Type => "partner.registered";
}

/// <summary>A partner's status changed.</summary>
public sealed record PartnerStatusChanged(PartnerId PartnerId, PartnerStatus From, PartnerStatus To, string? Reason)
    : AffiliateEvent
{
    /// <inheritdoc />
    [JsonIgnore]
    public override string Type => "partner.status_changed";
}

/// <summary>
/// A partner's performance tier changed (by the <c>performance-tiers</c> job, or a host calling
/// <c>PartnerDirectory.SetTierAsync</c>), with the reasons: requirements met on promotion, missed on demotion.
/// </summary>
public sealed record PartnerTierChanged(
    PartnerId PartnerId,
    PartnerTier? From,
    PartnerTier? To,
    IReadOnlyList<string> Reasons
) : AffiliateEvent
{
    /// <inheritdoc />
    [JsonIgnore]
    public override string Type => "partner.tier_changed";
}

/// <summary>A conversion was recorded (attributed or not).</summary>
public sealed record ConversionRecorded(
    ConversionId ConversionId,
    ConversionStatus Status,
    IReadOnlyList<PartnerId> Partners,
    Money Amount
) : AffiliateEvent
{
    /// <inheritdoc />
    [JsonIgnore]
    public override string Type => "conversion.recorded";
}

/// <summary>A refund, chargeback or cancellation was recorded.</summary>
public sealed record RefundRecorded(ConversionId ConversionId, string RefundId, RefundKind Kind, Money Amount)
    : AffiliateEvent
{
    /// <inheritdoc />
    [JsonIgnore]
    public override string Type => "conversion.refunded";
}

/// <summary>A commission line was written.</summary>
public sealed record CommissionLineCreated(
    CommissionLineId LineId,
    PartnerId PartnerId,
    LedgerEntryKind Kind,
    Money Amount,
    CommissionState State
) : AffiliateEvent
{
    /// <inheritdoc />
    [JsonIgnore]
    public override string Type => "commission.created";
}

/// <summary>A commission line moved to another state.</summary>
public sealed record CommissionLineStateChanged(
    CommissionLineId LineId,
    PartnerId PartnerId,
    CommissionState From,
    CommissionState To,
    string? Reason
) : AffiliateEvent
{
    /// <inheritdoc />
    [JsonIgnore]
    public override string Type => "commission.state_changed";
}

/// <summary>
/// A partner's lines were approved together by a run of <c>ApproveDueAsync</c>: one event per partner and batch
/// (of up to a few thousand lines), instead of one per line (ask for those with <c>AffiliateOptions.LineEvents</c>).
/// </summary>
public sealed record CommissionsApproved(PartnerId PartnerId, int Lines, Money Amount) : AffiliateEvent
{
    /// <inheritdoc />
    [JsonIgnore]
    public override string Type => "commission.approved";
}

/// <summary>
/// A reviewer decided a conversion held by a fraud rule: approved (its held lines became pending) or rejected (they
/// were rejected), with who decided and why.
/// </summary>
public sealed record ConversionReviewed(ConversionId ConversionId, bool Approved, string Reviewer, string Reason)
    : AffiliateEvent
{
    /// <inheritdoc />
    [JsonIgnore]
    public override string Type => "conversion.reviewed";
}

/// <summary>A customer was bound to a partner for lifetime attribution.</summary>
public sealed record CustomerBound(CustomerId CustomerId, PartnerId PartnerId) : AffiliateEvent
{
    /// <inheritdoc />
    [JsonIgnore]
    public override string Type => "customer.bound";
}

/// <summary>A payout was created.</summary>
public sealed record PayoutCreated(PayoutId PayoutId, PartnerId PartnerId, Money Amount, int LineCount) : AffiliateEvent
{
    /// <inheritdoc />
    [JsonIgnore]
    public override string Type => "payout.created";
}

/// <summary>A payout was marked paid.</summary>
public sealed record PayoutPaid(PayoutId PayoutId, PartnerId PartnerId, Money Amount, string ExternalReference)
    : AffiliateEvent
{
    /// <inheritdoc />
    [JsonIgnore]
    public override string Type => "payout.paid";
}

/// <summary>A payout failed and its lines were released.</summary>
public sealed record PayoutFailed(PayoutId PayoutId, PartnerId PartnerId, Money Amount, string Reason) : AffiliateEvent
{
    /// <inheritdoc />
    [JsonIgnore]
    public override string Type => "payout.failed";
}

/// <summary>
/// A new version of a commission plan was scheduled: it prices conversions from <paramref name="EffectiveFrom"/> on,
/// at least <c>AffiliateOptions.PlanLeadTime</c> after it was scheduled, so a host can announce it to partners first.
/// Raised once per program that uses the plan.
/// </summary>
/// <param name="PlanId">The plan.</param>
/// <param name="Version">The new version's number.</param>
/// <param name="EffectiveFrom">The first instant the new version prices.</param>
/// <param name="Revision">The stored plan's revision after the change.</param>
public sealed record PlanVersionScheduled(PlanId PlanId, int Version, Instant EffectiveFrom, long Revision)
    : AffiliateEvent
{
    /// <inheritdoc />
    [JsonIgnore]
    public override string Type => "plan.version_scheduled";
}

/// <summary>
/// A partner's profile changed (name, e-mail, segment, customer account, payout currency or threshold).
/// </summary>
/// <param name="PartnerId">The partner.</param>
/// <param name="Changed">The names of the fields that changed, such as <c>Name</c> and <c>PayoutThreshold</c>.</param>
public sealed record PartnerUpdated(PartnerId PartnerId, IReadOnlyList<string> Changed) : AffiliateEvent
{
    /// <inheritdoc />
    [JsonIgnore]
    public override string Type => "partner.updated";
}

/// <summary>
/// A partner's personal data was erased (<see cref="PartnerDirectory.ErasePersonalDataAsync"/>); handlers that copied
/// it elsewhere (a CRM, a mailing list) erase their copies.
/// </summary>
/// <param name="PartnerId">The partner, whose id and financial records remain.</param>
/// <param name="Reason">Why, e.g. the request's reference.</param>
public sealed record PartnerErased(PartnerId PartnerId, string? Reason) : AffiliateEvent
{
    /// <inheritdoc />
    [JsonIgnore]
    public override string Type => "partner.erased";
}

/// <summary>A partner's sponsor (upline) changed; null means none.</summary>
public sealed record PartnerSponsorChanged(PartnerId PartnerId, PartnerId? From, PartnerId? To, string? Reason)
    : AffiliateEvent
{
    /// <inheritdoc />
    [JsonIgnore]
    public override string Type => "partner.sponsor_changed";
}
