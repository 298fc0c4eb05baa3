using Affiliate.Stores;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Affiliate;

/// <summary>
/// The entry point for conversions and refunds: attribution, fraud rules, pricing and the ledger, each write one
/// transaction. Idempotent: the same conversion id (or refund id) with the same content changes nothing the second
/// time and answers <see cref="AffiliateResult{T}.AlreadyRecorded"/>; with other content it fails with
/// <c>idempotency_conflict</c>. Thread-safe; safe across instances when the store is.
/// </summary>
public sealed partial class ConversionRecorder(
    IClock clock,
    ProgramCatalog programs,
    IPartnerStore partners,
    ITouchStore touches,
    IConversionStore conversions,
    ILedgerStore ledger,
    FraudPipeline fraud,
    IpAddressAnonymizer anonymizer,
    IRollupStore rollupStore,
    IOptions<AffiliateOptions> options,
    ILogger<ConversionRecorder> logger,
    AffiliateDiagnostics diagnostics,
    IExchangeRateProvider? exchangeRates = null)
{
    private const int MaxSponsorChain = 64;

    /// <summary>Records a conversion: attributes it, runs the fraud rules, prices it and writes its lines.</summary>
    private async ValueTask<AffiliateResult<ConversionOutcome>> RecordConversionAsync(
        ConversionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var program = await programs.ResolveAsync(request.ProgramId, cancellationToken).ConfigureAwait(false);
        if (program is null)
        {
            return ProgramCatalog.Unknown<ConversionOutcome>(request.ProgramId);
        }

        if (ConversionInput.Problem(request) is { } invalidRequest)
        {
            return AffiliateResult<ConversionOutcome>.Failure(invalidRequest);
        }

        request = request with
        {
            UserAgent = InputLimits.CleanFreeText(request.UserAgent, InputLimits.MaxUserAgentLength),
        };
        var fingerprint = Fingerprint.Of(request);

        // Priced on what is stored: amounts rounded to the minor unit by the plan's rounding first.
        var facts = ConversionInput.Rounded(
            request.Facts,
            program.Plan.VersionAt(request.Facts.OccurredAt)?.Rounding ?? MidpointRounding.AwayFromZero);
        if (await conversions.FindAsync(program.Id, facts.Id, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            return await ReplayAsync(existing, fingerprint, cancellationToken).ConfigureAwait(false);
        }

        // The rounded facts: what is priced is what is stored.
        var buyer = await CustomerFactsAsync(program.Id, request, facts, cancellationToken).ConfigureAwait(false);
        facts = buyer.Facts;

        if (ConversionCheck.Problem(facts, facts.Currency ?? program.Currency) is { Error: { } invalid })
        {
            return AffiliateResult<ConversionOutcome>.Failure(invalid.Code == PricingErrorCodes.CurrencyMismatch ? AffiliateErrorCodes.CurrencyMismatch : AffiliateErrorCodes.InvalidRequest, invalid.Message);
        }

        // Foreign-currency conversions are priced in the program's currency; the rate is kept on every line.
        ExchangeRate? rate = null;
        var priced = facts;
        if (facts.Currency is { } currency && currency != program.Currency)
        {
            rate = exchangeRates is null ? null : await exchangeRates.GetRateAsync(currency, program.Currency, facts.OccurredAt, cancellationToken).ConfigureAwait(false);
            if (rate is null)
            {
                return AffiliateResult<ConversionOutcome>.Failure(AffiliateErrorCodes.ExchangeRateUnavailable, $"Conversion '{facts.Id}' is in {currency} and no exchange rate to {program.Currency} is available; register an IExchangeRateProvider.");
            }

            priced = ConversionCurrency.Convert(facts, rate);
            var converted = rate.Convert(SaleBasis.Of(facts, program.Currency));
            if (InputCheck.Amount("The conversion's amount in the program's currency", converted) is { } beyond)
            {
                return AffiliateResult<ConversionOutcome>.Failure(beyond);
            }
        }

        var ipHash = IpAddressAnonymizer.TryParse(request.IpAddress, out var ip) ? anonymizer.Hash(ip) : null;
        var now = clock.GetCurrentInstant();
        var amount = SaleBasis.Of(facts, program.Currency);
        var conversion = new Conversion
        {
            Id = facts.Id,
            ProgramId = program.Id,
            Kind = facts.Kind,
            OccurredAt = facts.OccurredAt,
            RecordedAt = now,
            Amount = amount,
            ProgramAmount = rate is null ? amount : rate.Convert(amount),
            ExchangeRate = rate,
            Status = ConversionStatus.NotAttributed,
            VisitorId = request.VisitorId,
            CustomerId = request.CustomerId,
            NewCustomer = facts.NewCustomer,
            IpHash = ipHash,
            CouponCode = facts.CouponCode,
            Refunded = Money.Zero(amount.Currency),
            Fingerprint = fingerprint,
        };

        var touchResult = await GatherTouchesAsync(program, request, cancellationToken).ConfigureAwait(false);
        if (touchResult.Error is { } touchError)
        {
            return AffiliateResult<ConversionOutcome>.Failure(touchError);
        }

        var (clicks, couponPartner, binding, candidates) = touchResult.Value!;

        // A partner the customer turns out to be is never credited when the rule rejects; when it only holds, the
        // partner stays in and the pipeline's self-referral rule holds the conversion for review.
        var selfReferring = candidates.Values
            .Where(p => SelfReferral.Check(p, request.CustomerEmail, request.CustomerId, ipHash, options.Value.Fraud.SelfReferral) is { Action: FraudAction.Reject })
            .Select(p => p.Id).ToHashSet();
        var excluded = selfReferring;
        var attribution = AttributionEngine.Attribute(new AttributionRequest
        {
            Policy = program.Attribution,
            ConversionAt = facts.OccurredAt,
            Clicks = clicks,
            CouponPartner = couponPartner,
            Binding = binding,
            ExcludedPartners = excluded,
        });

        if (!attribution.IsAttributed)
        {
            var selfReferral = attribution.Reason == AttributionReason.SelfReferral && selfReferring.Count > 0;

            // A rejected self-referral keeps the shares it would have had, so the partner's own report shows it.
            var wouldHave = selfReferral
                ? AttributionEngine.Attribute(new AttributionRequest
                {
                    Policy = program.Attribution,
                    ConversionAt = facts.OccurredAt,
                    Clicks = clicks,
                    CouponPartner = couponPartner,
                    Binding = binding,
                    ExcludedPartners = new HashSet<PartnerId>(),
                }).Shares
                : [];
            conversion = conversion with
            {
                Status = selfReferral ? ConversionStatus.Rejected : ConversionStatus.NotAttributed,
                AttributionReason = attribution.Reason,
                Shares = wouldHave,
                FraudAction = selfReferral ? FraudAction.Reject : FraudAction.Allow,
                FraudCodes = selfReferral ? SelfReferralCodes(candidates.Values.Where(p => selfReferring.Contains(p.Id)), request, ipHash) : [],
            };
            var unattributed = new ConversionRecord(conversion, [], null, [Recorded(conversion, now)])
            {
                Rollups = new RollupChange().Conversion(conversion, program.TimeZone, program.Currency, SourcesFrom(touchResult.Value!.Clicks)),
            };
            return await WriteAsync(unattributed, null, fingerprint, buyer, cancellationToken).ConfigureAwait(false);
        }

        var primaryShare = attribution.Shares.MaxBy(s => s.Weight)!;
        var primary = candidates[primaryShare.PartnerId];
        var attributedClick = clicks.FirstOrDefault(c => c.Id == primaryShare.ClickId);
        conversion = conversion with
        {
            Status = ConversionStatus.Attributed,
            AttributionReason = attribution.Reason,
            Shares = attribution.Shares,
            ClickId = attributedClick?.Id,
            SubIds = attributedClick?.SubIds ?? [],
        };

        var assessment = await AssessAsync(program, request, priced, primary, attributedClick, ipHash, amount, touchResult.Value!.VisitorClicks, cancellationToken).ConfigureAwait(false);
        conversion = conversion with { FraudAction = assessment.Action, FraudCodes = assessment.Codes };
        if (assessment.Action == FraudAction.Reject)
        {
            conversion = conversion with { Status = ConversionStatus.Rejected };
            LogConversionRejected(logger, facts.Id, primary.Id, assessment);
            var rejected = new ConversionRecord(conversion, [], null, [Recorded(conversion, now)])
            {
                Rollups = new RollupChange().Conversion(conversion, program.TimeZone, program.Currency, SourcesFrom(touchResult.Value!.Clicks)),
            };
            return await WriteAsync(rejected, assessment, fingerprint, buyer, cancellationToken).ConfigureAwait(false);
        }

        var pricedLines = new List<(AttributionShare Share, PricedLine Line)>();
        foreach (var share in attribution.Shares)
        {
            var result = await PriceAsync(program, priced, candidates[share.PartnerId], cancellationToken).ConfigureAwait(false);
            if (!result.Succeeded)
            {
                return AffiliateResult<ConversionOutcome>.Failure(AffiliateErrorCodes.PricingFailed, $"{result.Error!.Code}: {result.Error.Message}");
            }

            pricedLines.AddRange(result.Lines.Select(l => (share, l)));
        }

        var held = assessment.Action == FraudAction.Hold;
        var state = held ? CommissionState.Held : CommissionState.Pending;
        var approvableAt = facts.OccurredAt + program.HoldPeriod;
        var sources = SourcesFrom(touchResult.Value!.Clicks);
        var day = facts.OccurredAt.InZone(program.TimeZone).Date;
        conversion = conversion with { Status = held ? ConversionStatus.Held : ConversionStatus.Attributed };
        var lines = AttributionShares.Apply(pricedLines, attribution, program.Attribution.Model, program.Plan.VersionAt(facts.OccurredAt)?.Rounding ?? MidpointRounding.AwayFromZero)
            .Select(l => CommissionLine.FromPriced(l, program.Id, facts.Id, state, now, approvableAt, rate, held ? assessment.Codes : []))
            .Select(l => l with { Placement = Placement(l, conversion, day, program.Currency, sources) })
            .ToArray();

        // A customer without a binding in force is bound to the partner who earned this conversion: a new customer, or
        // one whose binding expired or whose partner can no longer earn (that binding is then replaced).
        var stored = touchResult.Value!.StoredBinding;
        var lapsed = stored is not null && (binding is null || AttributionEngine.BindingEnd(stored, program.Attribution.LifetimeMonths) is { } end && facts.OccurredAt >= end);
        var newBinding = program.Attribution.LifetimeCustomers && request.CustomerId is { } customer && (stored is null || lapsed)
            ? new CustomerBinding(program.Id, customer, primary.Id, facts.OccurredAt, facts.Id)
            : null;

        var events = new List<AffiliateEvent> { Recorded(conversion, now) };
        events.AddRange(lines.Select(l => new CommissionLineCreated(l.Id, l.PartnerId, l.Kind, l.Amount, l.State) { OccurredAt = now, ProgramId = program.Id }));
        if (newBinding is not null)
        {
            events.Add(new CustomerBound(newBinding.CustomerId, newBinding.PartnerId) { OccurredAt = now, ProgramId = program.Id });
        }

        var rollups = new RollupChange().Conversion(conversion, program.TimeZone, program.Currency, sources);
        foreach (var line in lines)
        {
            rollups.Line(line);
        }

        var record = new ConversionRecord(conversion, lines, newBinding, events) { ReplacesBinding = lapsed, Rollups = rollups };
        return await WriteAsync(record, assessment, fingerprint, buyer, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<AffiliateResult<ConversionOutcome>> WriteAsync(
        ConversionRecord record,
        FraudAssessment? assessment,
        string fingerprint,
        CustomerFacts customer,
        CancellationToken cancellationToken)
    {
        record = record with { Customer = customer.Record, CustomerMustBeNew = customer.MustBeNew };
        var written = await conversions.RecordAsync(record, cancellationToken).ConfigureAwait(false);
        if (written.Status == StoreWriteStatus.Duplicate)
        {
            // Another request (or instance) recorded the same id first: answer as for a redelivery.
            var existing = await conversions.FindAsync(record.Conversion.ProgramId, record.Conversion.Id, cancellationToken).ConfigureAwait(false);
            return existing is null
                ? AffiliateResult<ConversionOutcome>.Failure(AffiliateErrorCodes.ConcurrencyConflict, written.Detail ?? "conversion write collided")
                : await ReplayAsync(existing, fingerprint, cancellationToken).ConfigureAwait(false);
        }

        if (!written.Succeeded)
        {
            return AffiliateResult<ConversionOutcome>.Failure(AffiliateErrorCodes.ConcurrencyConflict, written.Detail ?? "conversion write collided");
        }

        return AffiliateResult<ConversionOutcome>.Success(new ConversionOutcome(record.Conversion with { Version = 1 }, record.Lines.Select(l => l with { Version = 1 }).ToArray(), assessment));
    }

    private async ValueTask<AffiliateResult<ConversionOutcome>> ReplayAsync(Conversion existing, string fingerprint, CancellationToken cancellationToken)
    {
        if (existing.Fingerprint != fingerprint)
        {
            return AffiliateResult<ConversionOutcome>.Failure(AffiliateErrorCodes.IdempotencyConflict, $"Conversion '{existing.Id}' was recorded before with other content; use a new id for a new conversion.");
        }

        var lines = await ledger.QueryLinesAsync(new LineQuery { ProgramId = existing.ProgramId, ConversionId = existing.Id }, cancellationToken).ConfigureAwait(false);
        return AffiliateResult<ConversionOutcome>.Replayed(new ConversionOutcome(existing, lines, null));
    }

    private async ValueTask<AffiliateResult<Touches>> GatherTouchesAsync(AffiliateProgram program, ConversionRequest request, CancellationToken cancellationToken)
    {
        var at = request.Facts.OccurredAt;
        IReadOnlyList<Click> clicks = [];
        IReadOnlyList<Click>? visitorClicks = null;
        if (request.ClickId is { } clickId)
        {
            // A postback names its click: only that click counts.
            var click = await touches.FindClickAsync(program.Id, clickId, cancellationToken).ConfigureAwait(false);
            if (click is null)
            {
                return AffiliateResult<Touches>.Failure(AffiliateErrorCodes.InvalidRequest, $"Click '{clickId}' is not known in program '{program.Id}'.");
            }

            clicks = [click];
        }
        else if (!string.IsNullOrWhiteSpace(request.VisitorId))
        {
            clicks = visitorClicks = await touches.FindClicksByVisitorAsync(program.Id, request.VisitorId, at - program.Attribution.Window, at + Duration.Epsilon, cancellationToken).ConfigureAwait(false);
        }

        var candidates = new Dictionary<PartnerId, Partner>();
        async ValueTask Load(PartnerId id)
        {
            if (!candidates.ContainsKey(id) && await partners.FindAsync(id, cancellationToken).ConfigureAwait(false) is { } partner)
            {
                candidates[id] = partner;
            }
        }

        foreach (var click in clicks)
        {
            await Load(click.PartnerId).ConfigureAwait(false);
        }

        PartnerId? couponPartner = null;
        foreach (var code in new[] { request.ReferralCode, request.Facts.CouponCode })
        {
            // Most coupons are not partners' codes; only a code a partner owns counts as a touch.
            if (couponPartner is null && ReferralCode.TryParse(code, out var referral, out _) &&
                await partners.FindByReferralCodeAsync(referral, cancellationToken).ConfigureAwait(false) is { } owner)
            {
                candidates[owner.Id] = owner;
                couponPartner = owner.Id;
            }
        }

        CustomerBinding? binding = null;
        CustomerBinding? stored = null;
        if (program.Attribution.LifetimeCustomers && request.CustomerId is { } customer)
        {
            binding = stored = await touches.FindBindingAsync(program.Id, customer, cancellationToken).ConfigureAwait(false);
            if (binding is not null)
            {
                await Load(binding.PartnerId).ConfigureAwait(false);
            }
        }

        // Touches of partners that no longer exist or cannot earn (pending, suspended, terminated) are left out.
        bool CanEarn(PartnerId id) => candidates.TryGetValue(id, out var partner) && partner.CanEarn;
        clicks = clicks.Where(c => CanEarn(c.PartnerId)).ToArray();
        if (binding is not null && !CanEarn(binding.PartnerId))
        {
            binding = null;
        }

        if (couponPartner is { } couponOwner && !CanEarn(couponOwner))
        {
            couponPartner = null;
        }

        return AffiliateResult<Touches>.Success(new Touches(clicks, couponPartner, binding, candidates) { StoredBinding = stored, VisitorClicks = visitorClicks });
    }

    private async ValueTask<FraudAssessment> AssessAsync(AffiliateProgram program, ConversionRequest request, ConversionFacts facts, Partner partner, Click? click, string? ipHash, Money amount, IReadOnlyList<Click>? visitorClicks, CancellationToken cancellationToken)
    {
        var fraudOptions = options.Value.Fraud;
        var at = facts.OccurredAt;
        var until = at + Duration.Epsilon;

        var similar = 0;
        if (request.CustomerId is not null || ipHash is not null)
        {
            var recent = conversions.QueryAsync(new ConversionQuery { ProgramId = program.Id, From = at - fraudOptions.DuplicateOrders.Window, Until = until, CustomerId = request.CustomerId, IpHash = request.CustomerId is null ? ipHash : null }, cancellationToken);
            await foreach (var other in recent.ConfigureAwait(false))
            {
                if (other.Id != facts.Id && other.Amount == amount)
                {
                    similar++;
                }
            }
        }

        // The rate rules read hourly counters kept by the writes: the window is the whole hours it touches.
        var fromHour = ActivityHours.Of(at - fraudOptions.PartnerActivityWindow);
        var untilHour = ActivityHours.Of(at) + 1;
        var rateRules = fraudOptions.ConversionRateAnomaly.Enabled || fraudOptions.RefundRate.Enabled;
        var partnerActivity = rateRules ? await ActivityAsync(program.Id, partner.Id, fromHour, untilHour, cancellationToken).ConfigureAwait(false) : PartnerActivity.None;
        var baseline = fraudOptions.ConversionRateAnomaly.Enabled ? await ActivityAsync(program.Id, null, fromHour, untilHour, cancellationToken).ConfigureAwait(false) : PartnerActivity.None;
        var distinctPartners = await DistinctPartnersClickedAsync(program, request, visitorClicks, cancellationToken).ConfigureAwait(false);

        var assessment = await fraud.AssessConversionAsync(new ConversionFraudContext
        {
            Conversion = facts,
            Partner = partner,
            AttributedClick = click,
            CustomerEmail = request.CustomerEmail,
            CustomerId = request.CustomerId,
            IpHash = ipHash,
            UserAgent = request.UserAgent,
            SimilarConversionsInWindow = similar,
            PartnerActivity = partnerActivity,
            ProgramBaseline = baseline,
            DistinctPartnersClickedByVisitor = distinctPartners,
        }, cancellationToken).ConfigureAwait(false);

        // A click rule configured to hold (not reject) let the click through flagged: its conversion waits for review.
        if (click is { Attributable: true, FraudCodes.Count: > 0 })
        {
            return new FraudAssessment(assessment.Verdicts.Concat(click.FraudCodes.Select(code =>
                new FraudVerdict(FraudAction.Hold, code, $"The credited click {click.Id} was flagged by the '{code}' rule, which holds rather than rejects."))));
        }

        return assessment;
    }

    private async ValueTask<PartnerActivity> ActivityAsync(ProgramId program, PartnerId? partner, long fromHour, long untilHour, CancellationToken cancellationToken)
    {
        var counts = await rollupStore.ActivityAsync(program, partner, fromHour, untilHour, cancellationToken).ConfigureAwait(false);
        return new PartnerActivity(Count(counts.Clicks), Count(counts.Conversions), Count(counts.RefundedConversions)) { ClickedConversions = Count(counts.ClickedConversions) };

        // Counters are sums of +1/-1 changes; a store that lost one must not turn a rule's input negative.
        static int Count(long value) => (int)Math.Clamp(value, 0, int.MaxValue);
    }

    /// <summary>
    /// How many partners' links the visitor clicked in the cookie-stuffing window: from the visitor's clicks already read
    /// for attribution when they cover the window, else from the visitor's index; nothing when the rule is off.
    /// </summary>
    private async ValueTask<int> DistinctPartnersClickedAsync(AffiliateProgram program, ConversionRequest request, IReadOnlyList<Click>? visitorClicks, CancellationToken cancellationToken)
    {
        var stuffing = options.Value.Fraud.CookieStuffing;
        if (!stuffing.Enabled || string.IsNullOrWhiteSpace(request.VisitorId))
        {
            return 0;
        }

        var at = request.Facts.OccurredAt;
        if (visitorClicks is not null && stuffing.Window <= program.Attribution.Window)
        {
            var from = at - stuffing.Window;
            return visitorClicks.Where(c => c.OccurredAt >= from).Select(c => c.PartnerId).Distinct().Count();
        }

        var query = new ClickQuery { ProgramId = program.Id, VisitorId = request.VisitorId, From = at - stuffing.Window, Until = at + Duration.Epsilon };
        return (await touches.CountClicksAsync(query, cancellationToken).ConfigureAwait(false)).DistinctPartners;
    }

    /// <summary>Where a new line counts: its partner's own lines under the click (or coupon) they were credited for.</summary>
    private static ReportPlacement? Placement(CommissionLine line, Conversion conversion, LocalDate day, Currency currency, Func<AttributionShareSource, ClickSource> sources)
    {
        if (line.Amount.Currency != currency)
        {
            return null;
        }

        var share = line.Kind == LedgerEntryKind.Upline ? null : conversion.Shares.FirstOrDefault(s => s.PartnerId == line.PartnerId);
        if (share is null)
        {
            return new ReportPlacement(day, null, null);
        }

        var source = sources(new AttributionShareSource(conversion, share.PartnerId, share.ClickId));
        return new ReportPlacement(day, source.SubIds, source.LinkId);
    }

    private static Func<AttributionShareSource, ClickSource> SourcesFrom(IReadOnlyList<Click> clicks) => ClickSources.From(clicks);

    private async ValueTask<PricingResult> PriceAsync(AffiliateProgram program, ConversionFacts facts, Partner seller, CancellationToken cancellationToken)
    {
        var plan = program.Plan;
        var version = plan.VersionAt(facts.OccurredAt);
        var uplines = new List<Partner>();
        if (version?.MultiLevel is { } multiLevel)
        {
            // Compression may skip inactive partners, so walk until enough active ones are found or the chain ends.
            var wanted = multiLevel.Depth - 1;
            var sponsor = seller.SponsorId;
            var seen = new HashSet<PartnerId> { seller.Id };
            while (sponsor is { } id && uplines.Count(u => u.CanEarn) < wanted && uplines.Count < MaxSponsorChain && seen.Add(id))
            {
                var upline = await partners.FindAsync(id, cancellationToken).ConfigureAwait(false);
                if (upline is null)
                {
                    break;
                }

                uplines.Add(upline);
                sponsor = upline.SponsorId;
            }
        }

        var volume = new PrefetchedVolume();
        foreach (var window in PricingEngine.VolumeWindowsFor(plan, facts.OccurredAt, program.TimeZone))
        {
            volume.Add(window, await conversions.VolumeAsync(program.Id, seller.Id, window.From, window.Until, cancellationToken).ConfigureAwait(false));
        }

        return PricingEngine.Price(new PricingRequest { Plan = plan, Conversion = facts, Seller = seller, Uplines = uplines, Volume = volume, TimeZone = program.TimeZone });
    }

    private string[] SelfReferralCodes(IEnumerable<Partner> selfReferring, ConversionRequest request, string? ipHash) =>
        selfReferring.Select(p => SelfReferral.Check(p, request.CustomerEmail, request.CustomerId, ipHash, options.Value.Fraud.SelfReferral)?.Code)
            .OfType<string>().Distinct().ToArray();

    private static ConversionRecorded Recorded(Conversion conversion, Instant now) =>
        new(conversion.Id, conversion.Status, conversion.Shares.Select(s => s.PartnerId).ToArray(), conversion.Amount) { OccurredAt = now, ProgramId = conversion.ProgramId };

    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning, Message = "Conversion {ConversionId} for partner {PartnerId} rejected by fraud rules: {Assessment}")]
    private static partial void LogConversionRejected(ILogger logger, ConversionId conversionId, PartnerId partnerId, FraudAssessment assessment);

    private sealed record Touches(IReadOnlyList<Click> Clicks, PartnerId? CouponPartner, CustomerBinding? Binding, Dictionary<PartnerId, Partner> Candidates)
    {
        /// <summary>The customer's binding as stored, even when its partner can no longer earn.</summary>
        public CustomerBinding? StoredBinding { get; init; }

        /// <summary>Every click of the visitor in the attribution window, any partner's; null when none were read.</summary>
        public IReadOnlyList<Click>? VisitorClicks { get; init; }
    }
}
