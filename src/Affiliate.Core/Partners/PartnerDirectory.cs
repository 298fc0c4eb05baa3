using Affiliate.Stores;
using Microsoft.Extensions.Options;

namespace Affiliate;

/// <summary>
/// Partners: applications, approval and status changes, profiles, sponsors, referral codes and tiers. Every change is
/// written with its event; bad input is answered with a result and writes nothing. Thread-safe. The partner list
/// (keyset paging; filters by status, segment, sponsor and search) is <see cref="AffiliateLists.PartnersAsync"/>.
/// </summary>
/// <remarks>
/// <para>Status moves (<see cref="Partner.IsAllowedTransition"/>): <see cref="ApproveAsync"/> and
/// <see cref="DeclineAsync"/> from pending, <see cref="SuspendAsync"/> from active, <see cref="ReactivateAsync"/> from
/// suspended, <see cref="TerminateAsync"/> from pending, active or suspended. Declined and terminated are final. Any
/// other move is <c>invalid_state_transition</c>; asking for the status the partner is already in is a replay
/// (<see cref="AffiliateResult{T}.AlreadyRecorded"/>) that changes nothing and raises no event.</para>
/// <para>Concurrency: the admin operations take the <see cref="Partner.Version"/> the caller read; when the partner
/// changed since, they answer <c>partner_changed</c> and write nothing. Without it, a change that collides with
/// another instance's is read again and retried (<see cref="AffiliateOptions.ConcurrencyRetries"/>).</para>
/// </remarks>
/// <example><code>
/// var partners = services.GetRequiredService&lt;PartnerDirectory&gt;();
/// var anna = (await partners.ApproveAsync(new PartnerId("anna"), "vetted")).GetValueOrThrow();
/// var profile = PartnerProfile.Of(anna) with { Segment = PartnerSegment.ReviewSite };
/// anna = (await partners.UpdateProfileAsync(anna.Id, profile, anna.Version)).GetValueOrThrow();
/// await partners.ChangeSponsorAsync(anna.Id, new PartnerId("ben"), "moved team", anna.Version);
/// </code></example>
public sealed class PartnerDirectory(
    IClock clock,
    ProgramCatalog programs,
    IPartnerStore partners,
    IOptions<AffiliateOptions> options,
    ReferralCodeCache codes
)
{
    /// <summary>
    /// Registers a partner (pending, or active with <see cref="PartnerApplication.AutoApprove"/>). The same id again
    /// with the same application (name, e-mail, segment, sponsor, referral codes, customer, payout currency; not the
    /// status, which moves on) is a replay answering the stored partner; other content is <c>partner_exists</c>.
    /// </summary>
    public async ValueTask<AffiliateResult<Partner>> RegisterAsync(
        PartnerApplication application,
        CancellationToken cancellationToken = default
    )
    {
        ArgumentNullException.ThrowIfNull(application);
        if (Problem(application) is { } invalid)
        {
            return AffiliateResult<Partner>.Failure(invalid);
        }

        var codes = new List<ReferralCode>();
        foreach (var text in application.ReferralCodes)
        {
            if (!ReferralCode.TryParse(text, out var code, out var problem))
            {
                return Fail(AffiliateErrorCodes.InvalidRequest, problem);
            }

            codes.Add(code);
        }

        if (codes.Distinct().Count() != codes.Count)
        {
            return Fail(
                AffiliateErrorCodes.InvalidRequest,
                "The same referral code is listed twice (codes compare ignoring case)."
            );
        }

        PartnerId? sponsor = null;
        if (application.SponsorCode is { } sponsorCode)
        {
            var found = ReferralCode.TryParse(sponsorCode, out var parsed, out _)
                ? await partners.FindByReferralCodeAsync(parsed, cancellationToken).ConfigureAwait(false)
                : null;
            if (found is null)
            {
                return Fail(
                    AffiliateErrorCodes.UnknownReferralCode,
                    $"No partner has the sponsor code '{sponsorCode}'."
                );
            }

            sponsor = found.Id;
        }

        var now = clock.GetCurrentInstant();
        var id = application.Id ?? PartnerId.New();
        if (sponsor == id)
        {
            return Fail(AffiliateErrorCodes.InvalidRequest, "A partner cannot sponsor itself.");
        }

        var partner = new Partner
        {
            Id = id,
            Name = application.Name.Trim(),
            Email = application.Email,
            Status = application.AutoApprove ? PartnerStatus.Active : PartnerStatus.Pending,
            Segment = application.Segment,
            SponsorId = sponsor,
            ReferralCodes = codes,
            CustomerId = application.CustomerId,
            PayoutCurrency = application.PayoutCurrency,
            JoinedAt = now,
        };

        var registered = new PartnerRegistered(partner.Id, partner.Status)
        {
            OccurredAt = now,
            ProgramId = DefaultProgram,
        };
        var written = await partners.CreateAsync(partner, [registered], cancellationToken).ConfigureAwait(false);
        return written.Status switch
        {
            StoreWriteStatus.Written => AffiliateResult<Partner>.Success(partner with { Version = 1 }),
            StoreWriteStatus.Duplicate => await ReplayOrExistsAsync(partner, cancellationToken).ConfigureAwait(false),
            _ => Fail(
                AffiliateErrorCodes.ReferralCodeTaken,
                $"A referral code is taken by another partner ({written.Detail})."
            ),
        };
    }

    /// <summary>
    /// Replaces a partner's profile (name, e-mail, segment, customer account, payout currency and threshold) and
    /// raises <see cref="PartnerUpdated"/> naming the fields that changed; the same profile again is a replay.
    /// </summary>
    /// <returns>
    /// The partner; or <c>invalid_request</c> (empty or over-long name, over-long e-mail, control characters, a
    /// negative threshold...), <c>currency_mismatch</c>, <c>unknown_partner</c> or <c>partner_changed</c>, having
    /// written nothing.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="profile"/> is null.</exception>
    public ValueTask<AffiliateResult<Partner>> UpdateProfileAsync(
        PartnerId partnerId,
        PartnerProfile profile,
        long? expectedVersion = null,
        CancellationToken cancellationToken = default
    )
    {
        ArgumentNullException.ThrowIfNull(profile);
        if (profile.Problem() is { } problem)
        {
            var code = problem.Contains("use one currency", StringComparison.Ordinal)
                ? AffiliateErrorCodes.CurrencyMismatch
                : AffiliateErrorCodes.InvalidRequest;
            return ValueTask.FromResult(Fail(code, problem));
        }

        return UpdateAsync(
            partnerId,
            expectedVersion,
            partner =>
            {
                var updated = partner with
                {
                    Name = profile.Name.Trim(),
                    Email = profile.Email,
                    Segment = profile.Segment,
                    CustomerId = profile.CustomerId,
                    PayoutCurrency = profile.PayoutCurrency,
                    PayoutThreshold = profile.PayoutThreshold,
                };
                var changed = ChangedFields(partner, updated);
                return changed.Count == 0
                    ? AffiliateResult<Partner>.Replayed(partner)
                    : (
                        updated,
                        new PartnerUpdated(partner.Id, changed) { OccurredAt = Now, ProgramId = DefaultProgram }
                    );
            },
            cancellationToken
        );
    }

    /// <summary>
    /// Gives a partner another sponsor (upline), or none with null, raising <see cref="PartnerSponsorChanged"/>. A
    /// partner never becomes its own upline at any depth: the new sponsor's upline is walked to its top, one read by
    /// key per level (so the cost is the depth of the new sponsor's upline, on this admin path only), and a cycle is
    /// <c>sponsor_cycle</c>.
    /// </summary>
    /// <remarks>
    /// The walk reads the upline as it is; two admins moving two partners under each other at the same instant can
    /// both pass it. Pricing walks uplines only as deep as a plan's levels, so such a cycle never loops, and the next
    /// sponsor change of either partner is checked again.
    /// </remarks>
    /// <returns>
    /// The partner; or <c>sponsor_cycle</c>, <c>unknown_partner</c> (the partner or the sponsor),
    /// <c>invalid_request</c> or <c>partner_changed</c>, having written nothing. The same sponsor again is a replay.
    /// </returns>
    public ValueTask<AffiliateResult<Partner>> ChangeSponsorAsync(
        PartnerId partnerId,
        PartnerId? sponsorId,
        string? reason = null,
        long? expectedVersion = null,
        CancellationToken cancellationToken = default
    )
    {
        if (PartnerProfile.ReasonProblem(reason) is { } problem)
        {
            return ValueTask.FromResult(Fail(AffiliateErrorCodes.InvalidRequest, problem));
        }

        if (sponsorId is { Value: null })
        {
            return ValueTask.FromResult(Fail(AffiliateErrorCodes.InvalidRequest, "The sponsor id is empty."));
        }

        if (sponsorId == partnerId)
        {
            return ValueTask.FromResult(
                Fail(AffiliateErrorCodes.SponsorCycle, $"Partner '{partnerId}' cannot sponsor itself.")
            );
        }

        return UpdateAsync(
            partnerId,
            expectedVersion,
            async partner =>
            {
                if (partner.SponsorId == sponsorId)
                {
                    return AffiliateResult<Partner>.Replayed(partner);
                }

                if (
                    sponsorId is { } sponsor
                    && await CycleAsync(partner.Id, sponsor, cancellationToken).ConfigureAwait(false) is { } refused
                )
                {
                    return refused;
                }

                var changed = new PartnerSponsorChanged(partner.Id, partner.SponsorId, sponsorId, reason)
                {
                    OccurredAt = Now,
                    ProgramId = DefaultProgram,
                };
                return (partner with { SponsorId = sponsorId }, changed);
            },
            cancellationToken
        );
    }

    /// <summary>Approves a pending application: pending to active.</summary>
    public ValueTask<AffiliateResult<Partner>> ApproveAsync(
        PartnerId partnerId,
        string? reason = null,
        long? expectedVersion = null,
        CancellationToken cancellationToken = default
    ) =>
        MoveAsync(partnerId, PartnerStatus.Active, [PartnerStatus.Pending], reason, expectedVersion, cancellationToken);

    /// <summary>Declines a pending application: pending to declined (final).</summary>
    public ValueTask<AffiliateResult<Partner>> DeclineAsync(
        PartnerId partnerId,
        string? reason = null,
        long? expectedVersion = null,
        CancellationToken cancellationToken = default
    ) =>
        MoveAsync(
            partnerId,
            PartnerStatus.Declined,
            [PartnerStatus.Pending],
            reason,
            expectedVersion,
            cancellationToken
        );

    /// <summary>Suspends an active partner (who then earns nothing): active to suspended.</summary>
    public ValueTask<AffiliateResult<Partner>> SuspendAsync(
        PartnerId partnerId,
        string? reason = null,
        long? expectedVersion = null,
        CancellationToken cancellationToken = default
    ) =>
        MoveAsync(
            partnerId,
            PartnerStatus.Suspended,
            [PartnerStatus.Active],
            reason,
            expectedVersion,
            cancellationToken
        );

    /// <summary>Reactivates a suspended partner: suspended to active.</summary>
    public ValueTask<AffiliateResult<Partner>> ReactivateAsync(
        PartnerId partnerId,
        string? reason = null,
        long? expectedVersion = null,
        CancellationToken cancellationToken = default
    ) =>
        MoveAsync(
            partnerId,
            PartnerStatus.Active,
            [PartnerStatus.Suspended],
            reason,
            expectedVersion,
            cancellationToken
        );

    /// <summary>Terminates a partner for good: pending, active or suspended to terminated (final).</summary>
    public ValueTask<AffiliateResult<Partner>> TerminateAsync(
        PartnerId partnerId,
        string? reason = null,
        long? expectedVersion = null,
        CancellationToken cancellationToken = default
    ) =>
        MoveAsync(
            partnerId,
            PartnerStatus.Terminated,
            [PartnerStatus.Pending, PartnerStatus.Active, PartnerStatus.Suspended],
            reason,
            expectedVersion,
            cancellationToken
        );

    /// <summary>
    /// Moves a partner to another status (see <see cref="Partner.IsAllowedTransition"/>), recording the reason. The
    /// named operations (<see cref="ApproveAsync"/>...) say what they do and treat the current status as a replay.
    /// </summary>
    public ValueTask<AffiliateResult<Partner>> ChangeStatusAsync(
        PartnerId partnerId,
        PartnerStatus status,
        string? reason = null,
        CancellationToken cancellationToken = default
    )
    {
        if (InputCheck.Defined(nameof(status), status) is { } undefined)
        {
            return Refused(partnerId, undefined);
        }

        if (PartnerProfile.ReasonProblem(reason) is { } problem)
        {
            return ValueTask.FromResult(Fail(AffiliateErrorCodes.InvalidRequest, problem));
        }

        return UpdateAsync(
            partnerId,
            null,
            partner =>
                Partner.IsAllowedTransition(partner.Status, status)
                    ? (partner with { Status = status }, StatusChanged(partner, status, reason))
                    : Fail(
                        AffiliateErrorCodes.InvalidStateTransition,
                        $"Partner '{partner.Id}' cannot move from {partner.Status} to {status}."
                    ),
            cancellationToken
        );
    }

    /// <summary>Gives a partner another referral code.</summary>
    public ValueTask<AffiliateResult<Partner>> AddReferralCodeAsync(
        PartnerId partnerId,
        string code,
        CancellationToken cancellationToken = default
    )
    {
        if (!ReferralCode.TryParse(code, out var parsed, out var problem))
        {
            return ValueTask.FromResult(Fail(AffiliateErrorCodes.InvalidRequest, problem));
        }

        return UpdateAsync(
            partnerId,
            null,
            partner =>
                partner.ReferralCodes.Contains(parsed)
                    ? AffiliateResult<Partner>.Replayed(partner)
                    : (partner with { ReferralCodes = [.. partner.ReferralCodes, parsed] }, null),
            cancellationToken
        );
    }

    /// <summary>
    /// Sets a partner's performance tier (after a <see cref="PerformanceTierEvaluator"/> decision), raising
    /// <see cref="PartnerTierChanged"/> with <paramref name="reasons"/>; the same tier again is a replay.
    /// </summary>
    /// <param name="partnerId">The partner.</param>
    /// <param name="tier">The new tier, or null for none.</param>
    /// <param name="reasons">Why, for the event (the decision's reasons).</param>
    /// <param name="programId">The program whose evaluation decided it (the default program when null).</param>
    /// <param name="cancellationToken">Cancels the update.</param>
    public ValueTask<AffiliateResult<Partner>> SetTierAsync(
        PartnerId partnerId,
        PartnerTier? tier,
        IReadOnlyList<string>? reasons = null,
        ProgramId? programId = null,
        CancellationToken cancellationToken = default
    ) =>
        tier is { } named && InputCheck.Required(nameof(tier), named.Name, InputLimits.MaxCodeLength) is { } invalid
            ? Refused(partnerId, invalid)
            : UpdateAsync(
                partnerId,
                null,
                partner =>
                    partner.Tier == tier
                        ? AffiliateResult<Partner>.Replayed(partner)
                        : (
                            partner with
                            {
                                Tier = tier,
                            },
                            new PartnerTierChanged(partner.Id, partner.Tier, tier, reasons ?? [])
                            {
                                OccurredAt = Now,
                                ProgramId = programId ?? DefaultProgram,
                            }
                        ),
                cancellationToken
            );

    /// <summary>The partner who owns a referral code, or <c>unknown_referral_code</c>.</summary>
    public async ValueTask<AffiliateResult<Partner>> FindByCodeAsync(
        string code,
        CancellationToken cancellationToken = default
    )
    {
        ArgumentNullException.ThrowIfNull(code);
        if (!ReferralCode.TryParse(code, out var parsed, out var problem))
        {
            return Fail(AffiliateErrorCodes.UnknownReferralCode, problem);
        }

        var partner = await partners.FindByReferralCodeAsync(parsed, cancellationToken).ConfigureAwait(false);
        return partner is null
            ? Fail(AffiliateErrorCodes.UnknownReferralCode, $"No partner has the referral code '{parsed}'.")
            : AffiliateResult<Partner>.Success(partner);
    }

    /// <summary>A partner by id.</summary>
    public ValueTask<Partner?> FindAsync(PartnerId partnerId, CancellationToken cancellationToken = default)
    {
        InputCheck.ThrowIfDefault(partnerId.Value, nameof(partnerId));
        return partners.FindAsync(partnerId, cancellationToken);
    }

    /// <summary>What an application carries that no store may keep (see <see cref="InputLimits"/>).</summary>
    private static AffiliateError? Problem(PartnerApplication application) =>
        application.ReferralCodes is null || application.ReferralCodes.Any(c => c is null)
            ? new AffiliateError(
                AffiliateErrorCodes.InvalidRequest,
                "ReferralCodes is null or holds a null; give a list."
            )
            : InputCheck.First(
                InputCheck.Required(nameof(application.Name), application.Name, InputLimits.MaxNameLength),
                InputCheck.Text(nameof(application.Email), application.Email, InputLimits.MaxEmailLength),
                InputCheck.Id(nameof(application.Id), application.Id is { } id ? id.Value : string.Empty),
                InputCheck.Id(
                    nameof(application.CustomerId),
                    application.CustomerId is { } customer ? customer.Value : string.Empty
                ),
                application.Segment is { } segment
                    ? InputCheck.Required(nameof(application.Segment), segment.Name, InputLimits.MaxCodeLength)
                    : null,
                application.PayoutCurrency is { IsDefault: true }
                    ? new AffiliateError(AffiliateErrorCodes.InvalidRequest, "PayoutCurrency is an empty currency.")
                    : null
            );

    /// <summary>A refusal of a change to a partner, after the id itself was checked.</summary>
    private static ValueTask<AffiliateResult<Partner>> Refused(PartnerId partnerId, AffiliateError error)
    {
        InputCheck.ThrowIfDefault(partnerId.Value, nameof(partnerId));
        return ValueTask.FromResult(AffiliateResult<Partner>.Failure(error));
    }

    private ProgramId DefaultProgram => programs.Find(null)?.Id ?? new ProgramId(options.Value.DefaultProgramId);

    private Instant Now => clock.GetCurrentInstant();

    private PartnerStatusChanged StatusChanged(Partner partner, PartnerStatus to, string? reason) =>
        new(partner.Id, partner.Status, to, reason) { OccurredAt = Now, ProgramId = DefaultProgram };

    private async ValueTask<AffiliateResult<Partner>> ReplayOrExistsAsync(
        Partner candidate,
        CancellationToken cancellationToken
    )
    {
        var existing = await partners.FindAsync(candidate.Id, cancellationToken).ConfigureAwait(false);
        return existing is not null && SameRegistration(existing, candidate)
            ? AffiliateResult<Partner>.Replayed(existing)
            : Fail(
                AffiliateErrorCodes.PartnerExists,
                $"A partner with id '{candidate.Id}' exists already with other details."
            );
    }

    private static bool SameRegistration(Partner existing, Partner candidate) =>
        existing.Name == candidate.Name
        && existing.Email == candidate.Email
        && Nullable.Equals(existing.Segment, candidate.Segment)
        && existing.SponsorId == candidate.SponsorId
        && existing.CustomerId == candidate.CustomerId
        && Nullable.Equals(existing.PayoutCurrency, candidate.PayoutCurrency)
        && existing.ReferralCodes.ToHashSet().SetEquals(candidate.ReferralCodes);

    private static List<string> ChangedFields(Partner before, Partner after)
    {
        var changed = new List<string>();
        void Check(bool same, string field)
        {
            if (!same)
            {
                changed.Add(field);
            }
        }

        Check(before.Name == after.Name, nameof(Partner.Name));
        Check(before.Email == after.Email, nameof(Partner.Email));
        // Segments compare ignoring case; a new spelling is a change too.
        Check(before.Segment?.Name == after.Segment?.Name, nameof(Partner.Segment));
        Check(before.CustomerId == after.CustomerId, nameof(Partner.CustomerId));
        Check(Nullable.Equals(before.PayoutCurrency, after.PayoutCurrency), nameof(Partner.PayoutCurrency));
        Check(Nullable.Equals(before.PayoutThreshold, after.PayoutThreshold), nameof(Partner.PayoutThreshold));
        return changed;
    }

    /// <summary>
    /// <c>sponsor_cycle</c> when <paramref name="partnerId"/> is in <paramref name="sponsorId"/>'s upline, or
    /// <c>unknown_partner</c> when the sponsor does not exist; null when the sponsor may be set.
    /// </summary>
    private async ValueTask<AffiliateResult<Partner>?> CycleAsync(
        PartnerId partnerId,
        PartnerId sponsorId,
        CancellationToken cancellationToken
    )
    {
        // Visited ids stop the walk on a cycle the check did not make (a race of two changes, see ChangeSponsorAsync).
        var visited = new HashSet<PartnerId>();
        PartnerId? next = sponsorId;
        for (var depth = 1; next is { } current && visited.Add(current); depth++)
        {
            var upline = await partners.FindAsync(current, cancellationToken).ConfigureAwait(false);
            if (upline is null)
            {
                return depth == 1 ? Fail(AffiliateErrorCodes.UnknownPartner, $"No sponsor '{sponsorId}'.") : null;
            }

            if (upline.SponsorId == partnerId)
            {
                return Fail(
                    AffiliateErrorCodes.SponsorCycle,
                    $"Partner '{sponsorId}' is in the downline of '{partnerId}' ({depth} level(s) below it), so it "
                        + "cannot become its sponsor: a partner is never its own upline."
                );
            }

            next = upline.SponsorId;
        }

        return null;
    }

    private ValueTask<AffiliateResult<Partner>> MoveAsync(
        PartnerId partnerId,
        PartnerStatus to,
        PartnerStatus[] from,
        string? reason,
        long? expectedVersion,
        CancellationToken cancellationToken
    )
    {
        if (PartnerProfile.ReasonProblem(reason) is { } problem)
        {
            return ValueTask.FromResult(Fail(AffiliateErrorCodes.InvalidRequest, problem));
        }

        return UpdateAsync(
            partnerId,
            expectedVersion,
            partner =>
                partner.Status == to ? AffiliateResult<Partner>.Replayed(partner)
                : !from.Contains(partner.Status)
                    ? Fail(
                        AffiliateErrorCodes.InvalidStateTransition,
                        $"Partner '{partner.Id}' is {partner.Status} and cannot move to {to}; that move starts from "
                            + $"{string.Join(" or ", from)}."
                    )
                : (partner with { Status = to }, StatusChanged(partner, to, reason)),
            cancellationToken
        );
    }

    /// <summary>The name an erased partner keeps: a partner needs a name, and this one says what happened.</summary>
    public const string ErasedName = "Erased partner";

    /// <summary>
    /// Erases a partner's personal data (a privacy request): the name becomes <see cref="ErasedName"/>, the e-mail,
    /// the customer id and the known IP hashes are removed. The id, the referral codes, the status, the sponsor and
    /// everything financial stay, so the ledger's totals, payouts and statements are unchanged and still add up. Raises
    /// <see cref="PartnerErased"/>; erasing again is a replay.
    /// </summary>
    /// <returns>The erased partner; or <c>unknown_partner</c> or <c>invalid_request</c>, writing nothing.</returns>
    public ValueTask<AffiliateResult<Partner>> ErasePersonalDataAsync(
        PartnerId partnerId,
        string? reason = null,
        CancellationToken cancellationToken = default
    )
    {
        if (PartnerProfile.ReasonProblem(reason) is { } problem)
        {
            return ValueTask.FromResult(Fail(AffiliateErrorCodes.InvalidRequest, problem));
        }

        return UpdateAsync(
            partnerId,
            null,
            partner =>
            {
                var erased = partner with { Name = ErasedName, Email = null, CustomerId = null, KnownIpHashes = [] };
                return ChangedFields(partner, erased).Count == 0 && partner.KnownIpHashes.Count == 0
                    ? AffiliateResult<Partner>.Replayed(partner)
                    : (erased, new PartnerErased(partner.Id, reason) { OccurredAt = Now, ProgramId = DefaultProgram });
            },
            cancellationToken
        );
    }

    private ValueTask<AffiliateResult<Partner>> UpdateAsync(
        PartnerId partnerId,
        long? expectedVersion,
        Func<Partner, PartnerChange> change,
        CancellationToken cancellationToken
    ) => UpdateAsync(partnerId, expectedVersion, p => ValueTask.FromResult(change(p)), cancellationToken);

    /// <summary>
    /// Reads the partner, asks <paramref name="change"/> for its new state (or an immediate answer: a replay or a
    /// refusal), then writes it if the partner still has the version read. With <paramref name="expectedVersion"/>
    /// a partner at another version is <c>partner_changed</c>; without it a collision is read again and retried.
    /// </summary>
    private async ValueTask<AffiliateResult<Partner>> UpdateAsync(
        PartnerId partnerId,
        long? expectedVersion,
        Func<Partner, ValueTask<PartnerChange>> change,
        CancellationToken cancellationToken
    )
    {
        InputCheck.ThrowIfDefault(partnerId.Value, nameof(partnerId));
        for (var attempt = 0; attempt < options.Value.ConcurrencyRetries; attempt++)
        {
            var partner = await partners.FindAsync(partnerId, cancellationToken).ConfigureAwait(false);
            if (partner is null)
            {
                return Fail(AffiliateErrorCodes.UnknownPartner, $"No partner '{partnerId}'.");
            }

            var outcome = await change(partner).ConfigureAwait(false);
            if (outcome.Result is { } result)
            {
                return result;
            }

            if (expectedVersion is { } expected && expected != partner.Version)
            {
                return Changed(partnerId, partner.Version, expected);
            }

            var (updated, @event) = outcome.Change!.Value;
            AffiliateEvent[] events = @event is null ? [] : [@event];
            var written = await partners
                .UpdateAsync(new Versioned<Partner>(updated, partner.Version), events, cancellationToken)
                .ConfigureAwait(false);
            if (written.Succeeded)
            {
                // The old codes too: a code taken away must stop tracking here at once.
                codes.Forget(partner);
                codes.Forget(updated);
                return AffiliateResult<Partner>.Success(updated with { Version = partner.Version + 1 });
            }

            if (written.Detail?.Contains("referral code", StringComparison.Ordinal) == true)
            {
                return Fail(
                    AffiliateErrorCodes.ReferralCodeTaken,
                    $"The referral code is taken by another partner ({written.Detail})."
                );
            }

            if (expectedVersion is { } stale)
            {
                return Changed(partnerId, stale + 1, stale);
            }
        }

        return Fail(AffiliateErrorCodes.ConcurrencyConflict, $"Partner '{partnerId}' kept changing; try again.");
    }

    private static AffiliateResult<Partner> Fail(string code, string description) =>
        AffiliateResult<Partner>.Failure(code, description);

    private static AffiliateResult<Partner> Changed(PartnerId partnerId, long current, long expected) =>
        Fail(
            AffiliateErrorCodes.PartnerChanged,
            $"Partner '{partnerId}' changed since it was read (version {expected}; it is now at {current} or later); "
                + "read it again."
        );

    /// <summary>Either an immediate answer or the partner's new state with its event.</summary>
    private readonly record struct PartnerChange(AffiliateResult<Partner>? Result, (Partner, AffiliateEvent?)? Change)
    {
        public static implicit operator PartnerChange(AffiliateResult<Partner> result) => new(result, null);

        public static implicit operator PartnerChange((Partner Partner, AffiliateEvent? Event) change) =>
            new(null, change);
    }
}
