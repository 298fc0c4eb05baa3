using Affiliate.Events;
using Affiliate.Hosting;
using Affiliate.Programs;
using Affiliate.Stores;
using Microsoft.Extensions.Options;

namespace Affiliate.Partners;

/// <summary>
/// Partners: applications, approval and status changes, referral codes and tiers. Every change is written with its
/// event and retried when another instance changed the partner meanwhile. Thread-safe.
/// </summary>
public sealed class PartnerDirectory(IClock clock, ProgramCatalog programs, IPartnerStore partners, IOptions<AffiliateOptions> options)
{
    /// <summary>Registers a partner (pending, or active with <see cref="PartnerApplication.AutoApprove"/>).</summary>
    public async ValueTask<AffiliateResult<Partner>> RegisterAsync(PartnerApplication application, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(application);
        if (string.IsNullOrWhiteSpace(application.Name))
        {
            return AffiliateResult<Partner>.Failure(AffiliateErrorCodes.InvalidRequest, "A partner needs a name.");
        }

        if (TextInput.FirstWithControl(("Name", application.Name), ("Email", application.Email)) is { } field)
        {
            return AffiliateResult<Partner>.Failure(AffiliateErrorCodes.InvalidRequest, $"{field} contains a control character.");
        }

        var codes = new List<ReferralCode>();
        foreach (var text in application.ReferralCodes)
        {
            if (!ReferralCode.TryParse(text, out var code, out var problem))
            {
                return AffiliateResult<Partner>.Failure(AffiliateErrorCodes.InvalidRequest, problem);
            }

            codes.Add(code);
        }

        if (codes.Distinct().Count() != codes.Count)
        {
            return AffiliateResult<Partner>.Failure(AffiliateErrorCodes.InvalidRequest, "The same referral code is listed twice (codes compare ignoring case).");
        }

        PartnerId? sponsor = null;
        if (application.SponsorCode is { } sponsorCode)
        {
            var found = ReferralCode.TryParse(sponsorCode, out var parsed, out _) ? await partners.FindByReferralCodeAsync(parsed, cancellationToken).ConfigureAwait(false) : null;
            if (found is null)
            {
                return AffiliateResult<Partner>.Failure(AffiliateErrorCodes.UnknownReferralCode, $"No partner has the sponsor code '{sponsorCode}'.");
            }

            sponsor = found.Id;
        }

        var now = clock.GetCurrentInstant();
        var id = application.Id ?? PartnerId.New();
        if (sponsor == id)
        {
            return AffiliateResult<Partner>.Failure(AffiliateErrorCodes.InvalidRequest, "A partner cannot sponsor itself.");
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

        var written = await partners.CreateAsync(partner, [new PartnerRegistered(partner.Id, partner.Status) { OccurredAt = now, ProgramId = DefaultProgram }], cancellationToken).ConfigureAwait(false);
        return written.Status switch
        {
            StoreWriteStatus.Written => AffiliateResult<Partner>.Success(partner with { Version = 1 }),
            StoreWriteStatus.Duplicate => AffiliateResult<Partner>.Failure(AffiliateErrorCodes.PartnerExists, $"A partner with id '{partner.Id}' exists already."),
            _ => AffiliateResult<Partner>.Failure(AffiliateErrorCodes.ReferralCodeTaken, $"A referral code is taken by another partner ({written.Detail})."),
        };
    }

    /// <summary>Moves a partner to another status (approve, suspend, reactivate, terminate), recording the reason.</summary>
    public ValueTask<AffiliateResult<Partner>> ChangeStatusAsync(PartnerId partnerId, PartnerStatus status, string? reason = null, CancellationToken cancellationToken = default) =>
        UpdateAsync(partnerId, partner => Partner.IsAllowedTransition(partner.Status, status)
            ? (partner with { Status = status }, new PartnerStatusChanged(partner.Id, partner.Status, status, reason) { OccurredAt = clock.GetCurrentInstant(), ProgramId = DefaultProgram })
            : AffiliateResult<Partner>.Failure(AffiliateErrorCodes.InvalidStateTransition, $"Partner '{partner.Id}' cannot move from {partner.Status} to {status}."), cancellationToken);

    /// <summary>Gives a partner another referral code.</summary>
    public ValueTask<AffiliateResult<Partner>> AddReferralCodeAsync(PartnerId partnerId, string code, CancellationToken cancellationToken = default)
    {
        if (!ReferralCode.TryParse(code, out var parsed, out var problem))
        {
            return ValueTask.FromResult(AffiliateResult<Partner>.Failure(AffiliateErrorCodes.InvalidRequest, problem));
        }

        return UpdateAsync(partnerId, partner => partner.ReferralCodes.Contains(parsed)
            ? AffiliateResult<Partner>.Replayed(partner)
            : (partner with { ReferralCodes = [.. partner.ReferralCodes, parsed] }, null), cancellationToken);
    }

    /// <summary>
    /// Sets a partner's performance tier (after a <see cref="Commissions.PerformanceTierEvaluator"/> decision), raising
    /// <see cref="PartnerTierChanged"/> with <paramref name="reasons"/>; the same tier again is a replay.
    /// </summary>
    /// <param name="partnerId">The partner.</param>
    /// <param name="tier">The new tier, or null for none.</param>
    /// <param name="reasons">Why, for the event (the decision's reasons).</param>
    /// <param name="programId">The program whose evaluation decided it (the default program when null).</param>
    /// <param name="cancellationToken">Cancels the update.</param>
    public ValueTask<AffiliateResult<Partner>> SetTierAsync(
        PartnerId partnerId, PartnerTier? tier, IReadOnlyList<string>? reasons = null, ProgramId? programId = null,
        CancellationToken cancellationToken = default) =>
        UpdateAsync(partnerId, partner => partner.Tier == tier
            ? AffiliateResult<Partner>.Replayed(partner)
            : (partner with { Tier = tier }, new PartnerTierChanged(partner.Id, partner.Tier, tier, reasons ?? [])
            {
                OccurredAt = clock.GetCurrentInstant(),
                ProgramId = programId ?? DefaultProgram,
            }), cancellationToken);

    /// <summary>The partner who owns a referral code, or <c>unknown_referral_code</c>.</summary>
    public async ValueTask<AffiliateResult<Partner>> FindByCodeAsync(string code, CancellationToken cancellationToken = default)
    {
        if (!ReferralCode.TryParse(code, out var parsed, out var problem))
        {
            return AffiliateResult<Partner>.Failure(AffiliateErrorCodes.UnknownReferralCode, problem);
        }

        var partner = await partners.FindByReferralCodeAsync(parsed, cancellationToken).ConfigureAwait(false);
        return partner is null
            ? AffiliateResult<Partner>.Failure(AffiliateErrorCodes.UnknownReferralCode, $"No partner has the referral code '{parsed}'.")
            : AffiliateResult<Partner>.Success(partner);
    }

    /// <summary>A partner by id.</summary>
    public ValueTask<Partner?> FindAsync(PartnerId partnerId, CancellationToken cancellationToken = default) => partners.FindAsync(partnerId, cancellationToken);

    private ProgramId DefaultProgram => programs.Find(null)?.Id ?? new ProgramId(options.Value.DefaultProgramId);

    private async ValueTask<AffiliateResult<Partner>> UpdateAsync(PartnerId partnerId, Func<Partner, PartnerChange> change, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < options.Value.ConcurrencyRetries; attempt++)
        {
            var partner = await partners.FindAsync(partnerId, cancellationToken).ConfigureAwait(false);
            if (partner is null)
            {
                return AffiliateResult<Partner>.Failure(AffiliateErrorCodes.UnknownPartner, $"No partner '{partnerId}'.");
            }

            var outcome = change(partner);
            if (outcome.Result is { } result)
            {
                return result;
            }

            var (updated, @event) = outcome.Change!.Value;
            AffiliateEvent[] events = @event is null ? [] : [@event];
            var written = await partners.UpdateAsync(new Versioned<Partner>(updated, partner.Version), events, cancellationToken).ConfigureAwait(false);
            if (written.Succeeded)
            {
                return AffiliateResult<Partner>.Success(updated with { Version = partner.Version + 1 });
            }

            if (written.Detail?.Contains("referral code", StringComparison.Ordinal) == true)
            {
                return AffiliateResult<Partner>.Failure(AffiliateErrorCodes.ReferralCodeTaken, $"The referral code is taken by another partner ({written.Detail}).");
            }
        }

        return AffiliateResult<Partner>.Failure(AffiliateErrorCodes.ConcurrencyConflict, $"Partner '{partnerId}' kept changing; try again.");
    }

    /// <summary>Either an immediate answer or the partner's new state with its event.</summary>
    private readonly record struct PartnerChange(AffiliateResult<Partner>? Result, (Partner, AffiliateEvent?)? Change)
    {
        public static implicit operator PartnerChange(AffiliateResult<Partner> result) => new(result, null);

        public static implicit operator PartnerChange((Partner Partner, AffiliateEvent? Event) change) => new(null, change);
    }
}
