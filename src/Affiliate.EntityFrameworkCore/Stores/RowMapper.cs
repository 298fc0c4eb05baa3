using System.Globalization;
using Affiliate.Stores;

namespace Affiliate.EntityFrameworkCore;

/// <summary>
/// Turns domain records into rows and back. Money is stored as whole minor units; instants as Unix ticks.
/// </summary>
internal static class RowMapper
{
    // ---- Scalars -------------------------------------------------------------------------------------------------

    public static long Ticks(Instant instant) => instant.ToUnixTimeTicks();

    /// <summary>
    /// The first whole tick at or after an instant. Stored instants are whole ticks, so comparing a column with
    /// <c>&gt;=</c> or <c>&lt;</c> against this is exact even for bounds like "up to and including t" written as
    /// t + 1 ns, which plain truncation would turn into "before t".
    /// </summary>
    public static long TicksAtOrAfter(Instant instant)
    {
        var ticks = instant.ToUnixTimeTicks();
        return NodaTime.Instant.FromUnixTimeTicks(ticks) < instant ? ticks + 1 : ticks;
    }

    public static long? Ticks(Instant? instant) => instant?.ToUnixTimeTicks();

    public static Instant Instant(long ticks) => NodaTime.Instant.FromUnixTimeTicks(ticks);

    public static Instant? Instant(long? ticks) => ticks is { } t ? NodaTime.Instant.FromUnixTimeTicks(t) : null;

    /// <summary>A date as the integer yyyymmdd: ordered like the dates, readable in SQL.</summary>
    public static int DayNumber(LocalDate date) => (date.Year * 10_000) + (date.Month * 100) + date.Day;

    public static LocalDate Day(int number) => new(number / 10_000, number / 100 % 100, number % 100);

    public static long Minor(Money money)
    {
        if (!money.IsRounded)
        {
            throw new InvalidOperationException(
                $"{money} is finer than its currency's minor unit; the ledger stores whole minor units."
            );
        }

        return decimal.ToInt64(money.Amount * Pow10(money.Currency.MinorUnits));
    }

    public static Money Money(long minor, string code, int digits) =>
        new(minor / Pow10(digits), CurrencyOf(code, digits));

    public static Currency CurrencyOf(string code, int digits) =>
        Currency.TryFromCode(code, out var iso) && iso.MinorUnits == digits ? iso : Currency.Create(code, digits);

    private static decimal Pow10(int digits)
    {
        var value = 1m;
        for (var i = 0; i < digits; i++)
        {
            value *= 10m;
        }

        return value;
    }

    private static string Json<T>(T value) => AffiliateJson.Serialize(value);

    private static T FromJson<T>(string json) => AffiliateJson.Deserialize<T>(json);

    private static T? FromJsonOrNull<T>(string? json)
        where T : class => json is null ? null : AffiliateJson.Deserialize<T>(json);

    // ---- Partners ------------------------------------------------------------------------------------------------

    public static PartnerRow Row(Partner p, long version) =>
        new()
        {
            Id = p.Id.Value,
            Name = p.Name,
            Email = p.Email,
            Status = (int)p.Status,
            Segment = p.Segment?.Name,
            Tier = p.Tier?.Name,
            SponsorId = p.SponsorId?.Value,
            CustomerId = p.CustomerId?.Value,
            PayoutCurrency = p.PayoutCurrency is { } c ? Json(c) : null,
            PayoutThreshold = p.PayoutThreshold is { } t ? Json(t) : null,
            JoinedAt = Ticks(p.JoinedAt),
            KnownIpHashes = Json(p.KnownIpHashes),
            ReferralCodes = Json(p.ReferralCodes.Select(c => c.Value).ToArray()),
            Version = version,
        };

    public static Partner Partner(PartnerRow r) =>
        new()
        {
            Id = new PartnerId(r.Id),
            Name = r.Name,
            Email = r.Email,
            Status = (PartnerStatus)r.Status,
            Segment = r.Segment is { } s ? new PartnerSegment(s) : null,
            Tier = r.Tier is { } t ? new PartnerTier(t) : null,
            SponsorId = r.SponsorId is { } sponsor ? new PartnerId(sponsor) : null,
            CustomerId = r.CustomerId is { } customer ? new CustomerId(customer) : null,
            PayoutCurrency = r.PayoutCurrency is { } pc ? FromJson<Currency>(pc) : null,
            PayoutThreshold = r.PayoutThreshold is { } pt ? FromJson<Money>(pt) : null,
            JoinedAt = Instant(r.JoinedAt),
            KnownIpHashes = FromJson<string[]>(r.KnownIpHashes),
            ReferralCodes = FromJson<string[]>(r.ReferralCodes).Select(ReferralCode.Parse).ToArray(),
            Version = r.Version,
        };

    public static IEnumerable<ReferralCodeRow> CodeRows(Partner p) =>
        p.ReferralCodes.Select(c => new ReferralCodeRow
        {
            Normalized = c.Normalized,
            Value = c.Value,
            PartnerId = p.Id.Value,
        });

    // ---- Touches -------------------------------------------------------------------------------------------------

    public static ClickRow Row(Click c) =>
        new()
        {
            ProgramId = c.ProgramId.Value,
            Id = c.Id.Value,
            PartnerId = c.PartnerId.Value,
            LinkId = c.LinkId,
            SubIds = Json(c.SubIds),
            LandingUrl = c.LandingUrl,
            Referrer = c.Referrer,
            UserAgent = c.UserAgent,
            VisitorId = c.VisitorId,
            OccurredAt = Ticks(c.OccurredAt),
            AnonymizedIp = c.AnonymizedIp,
            IpHash = c.IpHash,
            Country = c.Country,
            Attributable = c.Attributable,
            FraudCodes = Json(c.FraudCodes),
        };

    public static Click Click(ClickRow r) =>
        new()
        {
            ProgramId = new ProgramId(r.ProgramId),
            Id = new ClickId(r.Id),
            PartnerId = new PartnerId(r.PartnerId),
            LinkId = r.LinkId,
            SubIds = FromJson<string[]>(r.SubIds),
            LandingUrl = r.LandingUrl,
            Referrer = r.Referrer,
            UserAgent = r.UserAgent,
            VisitorId = r.VisitorId,
            OccurredAt = Instant(r.OccurredAt),
            AnonymizedIp = r.AnonymizedIp,
            IpHash = r.IpHash,
            Country = r.Country,
            Attributable = r.Attributable,
            FraudCodes = FromJson<string[]>(r.FraudCodes),
        };

    public static CustomerBindingRow Row(CustomerBinding b) =>
        new()
        {
            ProgramId = b.ProgramId.Value,
            CustomerId = b.CustomerId.Value,
            PartnerId = b.PartnerId.Value,
            BoundAt = Ticks(b.BoundAt),
            ConversionId = b.ConversionId.Value,
        };

    public static CustomerBinding Binding(CustomerBindingRow r) =>
        new(
            new ProgramId(r.ProgramId),
            new CustomerId(r.CustomerId),
            new PartnerId(r.PartnerId),
            Instant(r.BoundAt),
            new ConversionId(r.ConversionId)
        );

    public static CustomerRow Row(CustomerRecord c) =>
        new()
        {
            ProgramId = c.ProgramId.Value,
            CustomerId = c.CustomerId.Value,
            FirstConversionId = c.FirstConversionId.Value,
            FirstPurchaseAt = Ticks(c.FirstPurchaseAt),
        };

    public static CustomerRecord Customer(CustomerRow r) =>
        new(
            new ProgramId(r.ProgramId),
            new CustomerId(r.CustomerId),
            new ConversionId(r.FirstConversionId),
            Instant(r.FirstPurchaseAt)
        );

    // ---- Conversions ---------------------------------------------------------------------------------------------

    public static ConversionRow Row(Conversion c, long version) =>
        new()
        {
            ProgramId = c.ProgramId.Value,
            Id = c.Id.Value,
            Kind = (int)c.Kind,
            OccurredAt = Ticks(c.OccurredAt),
            RecordedAt = Ticks(c.RecordedAt),
            AmountMinor = Minor(c.Amount),
            Currency = c.Amount.Currency.Code,
            CurrencyDigits = c.Amount.Currency.MinorUnits,
            ProgramAmountMinor = Minor(c.ProgramAmount),
            ProgramCurrency = c.ProgramAmount.Currency.Code,
            ProgramCurrencyDigits = c.ProgramAmount.Currency.MinorUnits,
            ExchangeRate = c.ExchangeRate is { } rate ? Json(rate) : null,
            Status = (int)c.Status,
            AttributionReason = (int)c.AttributionReason,
            Shares = Json(c.Shares),
            ClickId = c.ClickId?.Value,
            SubIds = Json(c.SubIds),
            VisitorId = c.VisitorId,
            CustomerId = c.CustomerId?.Value,
            IpHash = c.IpHash,
            CouponCode = c.CouponCode,
            FraudAction = (int)c.FraudAction,
            FraudCodes = Json(c.FraudCodes),
            RefundedMinor = Minor(c.Refunded),
            Fingerprint = c.Fingerprint,
            NewCustomer = c.NewCustomer,
            Review = c.Review is { } review ? Json(review) : null,
            Version = version,
        };

    public static Conversion Conversion(ConversionRow r) =>
        new()
        {
            ProgramId = new ProgramId(r.ProgramId),
            Id = new ConversionId(r.Id),
            Kind = (ConversionKind)r.Kind,
            OccurredAt = Instant(r.OccurredAt),
            RecordedAt = Instant(r.RecordedAt),
            Amount = Money(r.AmountMinor, r.Currency, r.CurrencyDigits),
            ProgramAmount = Money(r.ProgramAmountMinor, r.ProgramCurrency, r.ProgramCurrencyDigits),
            ExchangeRate = FromJsonOrNull<ExchangeRate>(r.ExchangeRate),
            Status = (ConversionStatus)r.Status,
            AttributionReason = (AttributionReason)r.AttributionReason,
            Shares = FromJson<AttributionShare[]>(r.Shares),
            ClickId = r.ClickId is { } click ? new ClickId(click) : null,
            SubIds = FromJson<string[]>(r.SubIds),
            VisitorId = r.VisitorId,
            CustomerId = r.CustomerId is { } customer ? new CustomerId(customer) : null,
            IpHash = r.IpHash,
            CouponCode = r.CouponCode,
            FraudAction = (FraudAction)r.FraudAction,
            FraudCodes = FromJson<string[]>(r.FraudCodes),
            Refunded = Money(r.RefundedMinor, r.Currency, r.CurrencyDigits),
            Fingerprint = r.Fingerprint,
            NewCustomer = r.NewCustomer,
            Review = FromJsonOrNull<ConversionReview>(r.Review),
            Version = r.Version,
        };

    public static IEnumerable<ConversionPartnerRow> PartnerRows(Conversion c) =>
        c
            .Shares.Select(s => s.PartnerId)
            .Distinct()
            .Select(p => new ConversionPartnerRow
            {
                ProgramId = c.ProgramId.Value,
                ConversionId = c.Id.Value,
                PartnerId = p.Value,
                OccurredAt = Ticks(c.OccurredAt),
                Status = (int)c.Status,
                ProgramAmountMinor = Minor(c.ProgramAmount),
                ProgramCurrencyDigits = c.ProgramAmount.Currency.MinorUnits,
            });

    public static RefundRow Row(Refund r) =>
        new()
        {
            ProgramId = r.ProgramId.Value,
            Id = r.Id,
            ConversionId = r.ConversionId.Value,
            Kind = (int)r.Kind,
            AmountMinor = Minor(r.Amount),
            Currency = r.Amount.Currency.Code,
            CurrencyDigits = r.Amount.Currency.MinorUnits,
            OccurredAt = Ticks(r.OccurredAt),
            RecordedAt = Ticks(r.RecordedAt),
            Reason = r.Reason,
            Fingerprint = r.Fingerprint,
        };

    public static Refund Refund(RefundRow r) =>
        new()
        {
            ProgramId = new ProgramId(r.ProgramId),
            Id = r.Id,
            ConversionId = new ConversionId(r.ConversionId),
            Kind = (RefundKind)r.Kind,
            Amount = Money(r.AmountMinor, r.Currency, r.CurrencyDigits),
            OccurredAt = Instant(r.OccurredAt),
            RecordedAt = Instant(r.RecordedAt),
            Reason = r.Reason,
            Fingerprint = r.Fingerprint,
        };

    // ---- Ledger and payouts --------------------------------------------------------------------------------------

    public static CommissionLineRow Row(CommissionLine l, long version) =>
        new()
        {
            Id = l.Id.Value,
            ProgramId = l.ProgramId.Value,
            PartnerId = l.PartnerId.Value,
            ConversionId = l.ConversionId?.Value,
            Kind = (int)l.Kind,
            Level = l.Level,
            AmountMinor = Minor(l.Amount),
            Currency = l.Amount.Currency.Code,
            CurrencyDigits = l.Amount.Currency.MinorUnits,
            State = (int)l.State,
            CreatedAt = Ticks(l.CreatedAt),
            ApprovableAt = Ticks(l.ApprovableAt),
            ApprovedAt = Ticks(l.ApprovedAt),
            PaidAt = Ticks(l.PaidAt),
            ClosedAt = Ticks(l.ClosedAt),
            PayoutId = l.PayoutId?.Value,
            ReversesLineId = l.ReversesLineId?.Value,
            RefundId = l.RefundId,
            PlanId = l.PlanId?.Value,
            PlanVersion = l.PlanVersion,
            Explanation = l.Explanation,
            Details = l.Details is { } details ? Json(details) : null,
            ExchangeRate = l.ExchangeRate is { } rate ? Json(rate) : null,
            Reason = l.Reason,
            FraudCodes = Json(l.FraudCodes),
            ReportDay = l.Placement is { } placement ? DayNumber(placement.Day) : null,
            ReportSubIds = l.Placement?.SubIds is { } subIds ? Json(subIds) : null,
            ReportLinkId = l.Placement?.LinkId,
            AdjustmentId = l.AdjustmentId,
            AdjustmentKind = (int?)l.AdjustmentKind,
            Version = version,
        };

    public static CommissionLine Line(CommissionLineRow r) =>
        new()
        {
            Id = new CommissionLineId(r.Id),
            ProgramId = new ProgramId(r.ProgramId),
            PartnerId = new PartnerId(r.PartnerId),
            ConversionId = r.ConversionId is { } c ? new ConversionId(c) : null,
            Kind = (LedgerEntryKind)r.Kind,
            Level = r.Level,
            Amount = Money(r.AmountMinor, r.Currency, r.CurrencyDigits),
            State = (CommissionState)r.State,
            CreatedAt = Instant(r.CreatedAt),
            ApprovableAt = Instant(r.ApprovableAt),
            ApprovedAt = Instant(r.ApprovedAt),
            PaidAt = Instant(r.PaidAt),
            ClosedAt = Instant(r.ClosedAt),
            PayoutId = r.PayoutId is { } p ? new PayoutId(p) : null,
            ReversesLineId = r.ReversesLineId is { } reverses ? new CommissionLineId(reverses) : null,
            RefundId = r.RefundId,
            PlanId = r.PlanId is { } plan ? new PlanId(plan) : null,
            PlanVersion = r.PlanVersion,
            Explanation = r.Explanation,
            Details = FromJsonOrNull<CommissionExplanation>(r.Details),
            ExchangeRate = FromJsonOrNull<ExchangeRate>(r.ExchangeRate),
            Reason = r.Reason,
            FraudCodes = FromJson<string[]>(r.FraudCodes),
            Placement = r.ReportDay is { } day
                ? new ReportPlacement(Day(day), FromJsonOrNull<string[]>(r.ReportSubIds), r.ReportLinkId)
                : null,
            AdjustmentId = r.AdjustmentId,
            AdjustmentKind = (AdjustmentKind?)r.AdjustmentKind,
            Version = r.Version,
        };

    public static PayoutRow Row(Payout p, long version) =>
        new()
        {
            Id = p.Id.Value,
            ProgramId = p.ProgramId.Value,
            PartnerId = p.PartnerId.Value,
            AmountMinor = Minor(p.Amount),
            Currency = p.Amount.Currency.Code,
            CurrencyDigits = p.Amount.Currency.MinorUnits,
            LineCount = p.LineCount,
            Status = (int)p.Status,
            CreatedAt = Ticks(p.CreatedAt),
            PayoutDate = DayNumber(p.PayoutDate),
            ClosedAt = Ticks(p.ClosedAt),
            ExternalReference = p.ExternalReference,
            FailureReason = p.FailureReason,
            Version = version,
        };

    public static Payout Payout(PayoutRow r) =>
        new()
        {
            Id = new PayoutId(r.Id),
            ProgramId = new ProgramId(r.ProgramId),
            PartnerId = new PartnerId(r.PartnerId),
            Amount = Money(r.AmountMinor, r.Currency, r.CurrencyDigits),
            LineCount = r.LineCount,
            Status = (PayoutStatus)r.Status,
            CreatedAt = Instant(r.CreatedAt),
            PayoutDate = Day(r.PayoutDate),
            ClosedAt = Instant(r.ClosedAt),
            ExternalReference = r.ExternalReference,
            FailureReason = r.FailureReason,
            Version = r.Version,
        };

    public static PlanRow Row(CommissionPlan plan) => new() { Id = plan.Id.Value, Document = Json(plan) };

    public static CommissionPlan Plan(PlanRow row) => FromJson<CommissionPlan>(row.Document);

    public static OutboxRow Row(AffiliateEvent e) =>
        new()
        {
            EventId = e.EventId.ToString("D", CultureInfo.InvariantCulture),
            Type = e.Type,
            ProgramId = e.ProgramId.Value,
            OccurredAt = Ticks(e.OccurredAt),
            Payload = AffiliateJson.SerializeEvent(e),
        };

    public static AffiliateEvent Event(OutboxRow row) => AffiliateJson.DeserializeEvent(row.Type, row.Payload);

    public static OutboxEntry Entry(OutboxRow row) =>
        new(
            Event(row),
            row.Attempts,
            Instant(row.NextAttemptAt),
            Handlers(row.DeliveredTo),
            row.LastError,
            Instant(row.FailedAt)
        );

    /// <summary>The handlers an event reached, one name per line (names are type names: no line breaks).</summary>
    public static string? Handlers(IReadOnlyList<string> handlers) =>
        handlers.Count == 0 ? null : string.Join('\n', handlers);

    private static string[] Handlers(string? stored) =>
        stored is null ? [] : stored.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
