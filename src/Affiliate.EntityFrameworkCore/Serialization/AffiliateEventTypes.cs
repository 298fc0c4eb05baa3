using System.Collections.Frozen;

namespace Affiliate.EntityFrameworkCore;

/// <summary>
/// The registry of event types: each <see cref="AffiliateEvent.Type"/> name and the record that carries it. The
/// outbox stores the name in its own column and the record's JSON beside it. A new event in Affiliate.Core must be
/// added here (a test fails until it is).
/// </summary>
internal static class AffiliateEventTypes
{
    /// <summary>The CLR type of each event type name.</summary>
    public static FrozenDictionary<string, Type> ByName { get; } = new Dictionary<string, Type>(StringComparer.Ordinal)
    {
        ["partner.registered"] = typeof(PartnerRegistered),
        ["partner.status_changed"] = typeof(PartnerStatusChanged),
        ["partner.tier_changed"] = typeof(PartnerTierChanged),
        ["conversion.recorded"] = typeof(ConversionRecorded),
        ["conversion.refunded"] = typeof(RefundRecorded),
        ["conversion.reviewed"] = typeof(ConversionReviewed),
        ["commission.created"] = typeof(CommissionLineCreated),
        ["commission.state_changed"] = typeof(CommissionLineStateChanged),
        ["commission.approved"] = typeof(CommissionsApproved),
        ["customer.bound"] = typeof(CustomerBound),
        ["payout.created"] = typeof(PayoutCreated),
        ["payout.paid"] = typeof(PayoutPaid),
        ["payout.failed"] = typeof(PayoutFailed),
        ["plan.version_scheduled"] = typeof(PlanVersionScheduled),
        ["partner.updated"] = typeof(PartnerUpdated),
        ["partner.sponsor_changed"] = typeof(PartnerSponsorChanged),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The CLR type for a name, or an exception that names the unknown type and the known ones.</summary>
    /// <exception cref="NotSupportedException">No event type has that name.</exception>
    public static Type Resolve(string type) =>
        ByName.TryGetValue(type, out var clrType)
            ? clrType
            : throw new NotSupportedException(
                $"Unknown affiliate event type '{type}'; this version knows {string.Join(", ", ByName.Keys.Order(StringComparer.Ordinal))}. " +
                "Was the event written by a newer version of Affiliate?");
}
