namespace Affiliate.EntityFrameworkCore;

// Persistence shapes of the domain records: flat rows with instants as Unix ticks (integers compare in SQL on
// SQLite and PostgreSQL alike), money as whole minor units plus currency, and nested values as JSON text. The
// mapping to and from the domain lives in RowMapper; these classes hold no rules.
#pragma warning disable CS1591 // Persistence rows mirror documented domain records property by property.
#pragma warning disable CA1819 // Rows are plain data.

public sealed class PartnerRow
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public string? Email { get; set; }
    public int Status { get; set; }
    public string? Segment { get; set; }
    public string? Tier { get; set; }
    public string? SponsorId { get; set; }
    public string? CustomerId { get; set; }
    public string? PayoutCurrency { get; set; }
    public string? PayoutThreshold { get; set; }
    public long JoinedAt { get; set; }
    public string KnownIpHashes { get; set; } = "[]";
    public string ReferralCodes { get; set; } = "[]";
    public long Version { get; set; }
}

public sealed class ReferralCodeRow
{
    public string Normalized { get; set; } = "";
    public string Value { get; set; } = "";
    public string PartnerId { get; set; } = "";
}

public sealed class ClickRow
{
    public string ProgramId { get; set; } = "";
    public string Id { get; set; } = "";
    public string PartnerId { get; set; } = "";
    public string? LinkId { get; set; }
    public string SubIds { get; set; } = "[]";
    public string? LandingUrl { get; set; }
    public string? Referrer { get; set; }
    public string? UserAgent { get; set; }
    public string VisitorId { get; set; } = "";
    public long OccurredAt { get; set; }
    public string? AnonymizedIp { get; set; }
    public string? IpHash { get; set; }
    public string? Country { get; set; }
    public bool Attributable { get; set; }
    public string FraudCodes { get; set; } = "[]";
}

public sealed class CustomerBindingRow
{
    public string ProgramId { get; set; } = "";
    public string CustomerId { get; set; } = "";
    public string PartnerId { get; set; } = "";
    public long BoundAt { get; set; }
    public string ConversionId { get; set; } = "";
}

public sealed class ConversionRow
{
    public string ProgramId { get; set; } = "";
    public string Id { get; set; } = "";
    public int Kind { get; set; }
    public long OccurredAt { get; set; }
    public long RecordedAt { get; set; }
    public long AmountMinor { get; set; }
    public string Currency { get; set; } = "";
    public int CurrencyDigits { get; set; }
    public long ProgramAmountMinor { get; set; }
    public string ProgramCurrency { get; set; } = "";
    public int ProgramCurrencyDigits { get; set; }
    public string? ExchangeRate { get; set; }
    public int Status { get; set; }
    public int AttributionReason { get; set; }
    public string Shares { get; set; } = "[]";
    public string? ClickId { get; set; }
    public string SubIds { get; set; } = "[]";
    public string? VisitorId { get; set; }
    public string? CustomerId { get; set; }
    public string? IpHash { get; set; }
    public string? CouponCode { get; set; }
    public int FraudAction { get; set; }
    public string FraudCodes { get; set; } = "[]";
    public long RefundedMinor { get; set; }
    public string Fingerprint { get; set; } = "";
    public bool? NewCustomer { get; set; }

    /// <summary>The review decision as JSON; null until a reviewer decides.</summary>
    public string? Review { get; set; }

    public long Version { get; set; }
}

/// <summary>A customer's first recorded purchase in a program (schema 6).</summary>
public sealed class CustomerRow
{
    public string ProgramId { get; set; } = "";
    public string CustomerId { get; set; } = "";
    public string FirstConversionId { get; set; } = "";
    public long FirstPurchaseAt { get; set; }
}

/// <summary>A partner's postback URL template (schema 11).</summary>
public sealed class PartnerPostbackRow
{
    public string PartnerId { get; set; } = "";
    public string UrlTemplate { get; set; } = "";
    public long UpdatedAt { get; set; }
}

/// <summary>One credited partner of a conversion, so that SQL can filter and sum by partner.</summary>
public sealed class ConversionPartnerRow
{
    public string ProgramId { get; set; } = "";
    public string ConversionId { get; set; } = "";
    public string PartnerId { get; set; } = "";
    public long OccurredAt { get; set; }
    public int Status { get; set; }
    public long ProgramAmountMinor { get; set; }
    public int ProgramCurrencyDigits { get; set; }
}

public sealed class RefundRow
{
    public string ProgramId { get; set; } = "";
    public string Id { get; set; } = "";
    public string ConversionId { get; set; } = "";
    public int Kind { get; set; }
    public long AmountMinor { get; set; }
    public string Currency { get; set; } = "";
    public int CurrencyDigits { get; set; }
    public long OccurredAt { get; set; }
    public long RecordedAt { get; set; }
    public string? Reason { get; set; }
    public string Fingerprint { get; set; } = "";
}

public sealed class CommissionLineRow
{
    public string Id { get; set; } = "";
    public string ProgramId { get; set; } = "";
    public string PartnerId { get; set; } = "";
    public string? ConversionId { get; set; }
    public int Kind { get; set; }
    public int Level { get; set; }
    public long AmountMinor { get; set; }
    public string Currency { get; set; } = "";
    public int CurrencyDigits { get; set; }
    public int State { get; set; }
    public long CreatedAt { get; set; }
    public long? ApprovableAt { get; set; }
    public long? ApprovedAt { get; set; }
    public long? PaidAt { get; set; }
    public long? ClosedAt { get; set; }
    public string? PayoutId { get; set; }
    public string? ReversesLineId { get; set; }
    public string? RefundId { get; set; }
    public string? PlanId { get; set; }
    public int? PlanVersion { get; set; }
    public string Explanation { get; set; } = "";
    public string? Details { get; set; }
    public string? ExchangeRate { get; set; }
    public string? Reason { get; set; }
    public string FraudCodes { get; set; } = "[]";

    /// <summary>The day the line counts on in the daily rollups (yyyymmdd); null when it counts in none.</summary>
    public int? ReportDay { get; set; }

    /// <summary>The sub-ids of the line's source as a JSON array; null when it has no source (totals only).</summary>
    public string? ReportSubIds { get; set; }

    public string? ReportLinkId { get; set; }
    public string? AdjustmentId { get; set; }
    public int? AdjustmentKind { get; set; }
    public long Version { get; set; }
}

public sealed class PayoutRow
{
    public string Id { get; set; } = "";
    public string ProgramId { get; set; } = "";
    public string PartnerId { get; set; } = "";
    public long AmountMinor { get; set; }
    public string Currency { get; set; } = "";
    public int CurrencyDigits { get; set; }
    public int LineCount { get; set; }
    public int Status { get; set; }
    public long CreatedAt { get; set; }
    public int PayoutDate { get; set; }
    public long? ClosedAt { get; set; }
    public string? ExternalReference { get; set; }
    public string? FailureReason { get; set; }
    public long Version { get; set; }
}

/// <summary>
/// One daily rollup row: a partner's (or, with an empty partner id, the program's) day, by one dimension and value.
/// </summary>
public sealed class DailyStatsRow
{
    public string ProgramId { get; set; } = "";
    public string PartnerId { get; set; } = "";

    /// <summary>The day in the program's time zone as yyyymmdd.</summary>
    public int Day { get; set; }

    public int Dimension { get; set; }
    public string Value { get; set; } = "";
    public long Clicks { get; set; }
    public long AttributableClicks { get; set; }
    public long Conversions { get; set; }
    public long HeldConversions { get; set; }
    public long RejectedConversions { get; set; }
    public long RevenueMinor { get; set; }
    public long RefundedMinor { get; set; }
    public long PendingMinor { get; set; }
    public long HeldMinor { get; set; }
    public long ApprovedMinor { get; set; }
    public long PaidMinor { get; set; }
    public long ReversedMinor { get; set; }
    public long RejectedMinor { get; set; }
}

/// <summary>A visitor seen on a day by a partner's links (or, with an empty partner id, the program's).</summary>
public sealed class DailyVisitorRow
{
    public string ProgramId { get; set; } = "";
    public string PartnerId { get; set; } = "";
    public int Day { get; set; }
    public string VisitorId { get; set; } = "";
}

/// <summary>One UTC hour of a partner's (or, with an empty partner id, the program's) activity.</summary>
public sealed class ActivityRow
{
    public string ProgramId { get; set; } = "";
    public string PartnerId { get; set; } = "";

    /// <summary>Whole UTC hours since the Unix epoch.</summary>
    public long Hour { get; set; }

    public long Clicks { get; set; }
    public long Conversions { get; set; }
    public long ClickedConversions { get; set; }
    public long RefundedConversions { get; set; }
}

/// <summary>A partner's commission in one program and currency by where it stands, in minor units.</summary>
public sealed class PartnerBalanceRow
{
    public string ProgramId { get; set; } = "";
    public string PartnerId { get; set; } = "";
    public string Currency { get; set; } = "";
    public int Digits { get; set; }
    public long PendingMinor { get; set; }
    public long HeldMinor { get; set; }
    public long ApprovedMinor { get; set; }
    public long InPayoutMinor { get; set; }
    public long PaidMinor { get; set; }
}

public sealed class PlanRow
{
    public string Id { get; set; } = "";
    public string Document { get; set; } = "";
    public long Version { get; set; }
}

public sealed class OutboxRow
{
    public long Sequence { get; set; }
    public string EventId { get; set; } = "";
    public string Type { get; set; } = "";
    public string ProgramId { get; set; } = "";
    public long OccurredAt { get; set; }
    public string Payload { get; set; } = "";
    public long? DispatchedAt { get; set; }
    public int Attempts { get; set; }
    public long NextAttemptAt { get; set; }
    public string? DeliveredTo { get; set; }
    public string? LastError { get; set; }
    public long? FailedAt { get; set; }
}

public sealed class SchemaVersionRow
{
    public int Version { get; set; }
    public string Description { get; set; } = "";
    public long AppliedAt { get; set; }
}

/// <summary>A partner's link (schema 9).</summary>
public sealed class PartnerLinkRow
{
    public string Id { get; set; } = "";
    public string PartnerId { get; set; } = "";
    public string Destination { get; set; } = "";
    public string? Sub1 { get; set; }
    public string? Sub2 { get; set; }
    public string? Sub3 { get; set; }
    public string? Sub4 { get; set; }
    public string? Sub5 { get; set; }
    public string? Name { get; set; }
    public long CreatedAt { get; set; }
    public bool Active { get; set; }
}

/// <summary>An incoming webhook or postback and its processing state (schema 10).</summary>
public sealed class InboxEventRow
{
    public string Source { get; set; } = "";
    public string EventId { get; set; } = "";
    public string Topic { get; set; } = "";
    public long ReceivedAt { get; set; }
    public byte[] Body { get; set; } = [];
    public int State { get; set; }
    public int Attempts { get; set; }
    public string? LastError { get; set; }
    public string? WaitingFor { get; set; }
    public long? ProcessedAt { get; set; }
    public long Version { get; set; }
}

/// <summary>A commission line's seal in its partner's hash chain (schema 13).</summary>
public sealed class LedgerSealRow
{
    public string LineId { get; set; } = "";
    public string PartnerId { get; set; } = "";
    public long Position { get; set; }
    public string Hash { get; set; } = "";
}

/// <summary>A vendor's payment the webhook inbox remembers (schema 12).</summary>
public sealed class InboxPaymentRow
{
    public string Source { get; set; } = "";
    public string PaymentId { get; set; } = "";
    public string? SubscriptionId { get; set; }
    public long PaidAt { get; set; }
    public long? TotalMinor { get; set; }
    public string? Currency { get; set; }
    public int? CurrencyDigits { get; set; }
}
