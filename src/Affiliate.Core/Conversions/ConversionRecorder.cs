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
    IExchangeRateProvider? exchangeRates = null
)
{
    private const int MaxSponsorChain = 64;

    /// <summary>Records a conversion: attributes it, runs the fraud rules, prices it and writes its lines.</summary>
    private async ValueTask<AffiliateResult<ConversionOutcome>> RecordConversionAsync(
        ConversionRequest request,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(request);

        // 1. Read the request: a known program, valid input, amounts rounded as stored. A replay ends here.
        var (finished, sale) = await ReadAsync(request, cancellationToken).ConfigureAwait(false);
        if (finished is not null)
        {
            return finished;
        }

        // 2. Gather who touched the sale: the clicks, a partner's coupon, the customer's binding.
        var gathered = await GatherTouchesAsync(sale!.Program, sale.Request, cancellationToken).ConfigureAwait(false);
        if (gathered.Error is { } touchError)
        {
            return AffiliateResult<ConversionOutcome>.Failure(touchError);
        }

        var touches = gathered.Value!;

        // 3. Attribute it. Nobody earns a sale without touches, or one the buyer referred to themselves.
        var (attribution, selfReferring) = Attribute(sale, touches);
        if (!attribution.IsAttributed)
        {
            var unattributed = Unattributed(sale, touches, attribution, selfReferring);
            return await WriteWithoutLinesAsync(sale, touches, unattributed, null, cancellationToken)
                .ConfigureAwait(false);
        }

        // 4. Run the fraud rules on the credited partner and click: a rejected sale is written without lines.
        var credited = attribution.Shares.MaxBy(s => s.Weight)!;
        var primary = touches.Candidates[credited.PartnerId];
        var click = touches.Clicks.FirstOrDefault(c => c.Id == credited.ClickId);
        var assessment = await AssessAsync(
                sale.Program,
                sale.Request,
                sale.Priced,
                primary,
                click,
                sale.IpHash,
                sale.Conversion.Amount,
                touches.VisitorClicks,
                cancellationToken
            )
            .ConfigureAwait(false);
        var conversion = sale.Conversion with
        {
            Status = ConversionStatus.Attributed,
            AttributionReason = attribution.Reason,
            Shares = attribution.Shares,
            ClickId = click?.Id,
            SubIds = click?.SubIds ?? [],
            FraudAction = assessment.Action,
            FraudCodes = assessment.Codes,
        };
        if (assessment.Action == FraudAction.Reject)
        {
            LogConversionRejected(logger, conversion.Id, primary.Id, assessment);
            return await WriteWithoutLinesAsync(
                    sale,
                    touches,
                    conversion with
                    {
                        Status = ConversionStatus.Rejected,
                    },
                    assessment,
                    cancellationToken
                )
                .ConfigureAwait(false);
        }

        // 5. Price every credited partner's share with the plan in force, split by the attribution model.
        var priced = await PriceSharesAsync(sale, touches, attribution, cancellationToken).ConfigureAwait(false);
        if (priced.Error is { } pricingError)
        {
            return AffiliateResult<ConversionOutcome>.Failure(pricingError);
        }

        // 6. Write the conversion, its lines, the customer's binding, events and rollups in one transaction.
        var held = assessment.Action == FraudAction.Hold;
        conversion = conversion with { Status = held ? ConversionStatus.Held : ConversionStatus.Attributed };
        var record = Attributed(sale, touches, conversion, priced.Value!, held ? assessment.Codes : null, primary);
        return await WriteAsync(record, assessment, sale.Fingerprint, sale.Buyer, cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>
    /// Checks the request and builds the conversion as it would be stored before attribution; or finishes early with
    /// a failure, or with the replay of a conversion recorded before under the same id.
    /// </summary>
    private async ValueTask<(AffiliateResult<ConversionOutcome>? Finished, Sale? Sale)> ReadAsync(
        ConversionRequest request,
        CancellationToken cancellationToken
    )
    {
        static (AffiliateResult<ConversionOutcome>?, Sale?) Fail(AffiliateError error) =>
            (AffiliateResult<ConversionOutcome>.Failure(error), null);

        var program = await programs.ResolveAsync(request.ProgramId, cancellationToken).ConfigureAwait(false);
        if (program is null)
        {
            return (ProgramCatalog.Unknown<ConversionOutcome>(request.ProgramId), null);
        }

        if (ConversionInput.Problem(request) is { } invalidRequest)
        {
            return Fail(invalidRequest);
        }

        request = request with
        {
            UserAgent = InputLimits.CleanFreeText(request.UserAgent, InputLimits.MaxUserAgentLength),
        };
        var fingerprint = Fingerprint.Of(request);

        // Priced on what is stored: amounts rounded to the minor unit by the plan's rounding first.
        var facts = ConversionInput.Rounded(
            request.Facts,
            program.Plan.VersionAt(request.Facts.OccurredAt)?.Rounding ?? MidpointRounding.AwayFromZero
        );
        if (await conversions.FindAsync(program.Id, facts.Id, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            return (await ReplayAsync(existing, fingerprint, cancellationToken).ConfigureAwait(false), null);
        }

        var buyer = await CustomerFactsAsync(program.Id, request, facts, cancellationToken).ConfigureAwait(false);
        facts = buyer.Facts;
        if (ConversionCheck.Problem(facts, facts.Currency ?? program.Currency) is { Error: { } invalid })
        {
            return Fail(
                new AffiliateError(
                    invalid.Code == PricingErrorCodes.CurrencyMismatch
                        ? AffiliateErrorCodes.CurrencyMismatch
                        : AffiliateErrorCodes.InvalidRequest,
                    invalid.Message
                )
            );
        }

        // Foreign-currency conversions are priced in the program's currency; the rate is kept on every line.
        ExchangeRate? rate = null;
        var priced = facts;
        if (facts.Currency is { } currency && currency != program.Currency)
        {
            rate = exchangeRates is null
                ? null
                : await exchangeRates
                    .GetRateAsync(currency, program.Currency, facts.OccurredAt, cancellationToken)
                    .ConfigureAwait(false);
            if (rate is null)
            {
                return Fail(
                    new AffiliateError(
                        AffiliateErrorCodes.ExchangeRateUnavailable,
                        $"Conversion '{facts.Id}' is in {currency} and no exchange rate to {program.Currency} is "
                            + "available; register an IExchangeRateProvider."
                    )
                );
            }

            priced = ConversionCurrency.Convert(facts, rate);
            var converted = rate.Convert(SaleBasis.Of(facts, program.Currency));
            if (InputCheck.Amount("The conversion's amount in the program's currency", converted) is { } beyond)
            {
                return Fail(beyond);
            }
        }

        var ipHash = IpAddressAnonymizer.TryParse(request.IpAddress, out var ip) ? anonymizer.Hash(ip) : null;
        var amount = SaleBasis.Of(facts, program.Currency);
        var conversion = new Conversion
        {
            Id = facts.Id,
            ProgramId = program.Id,
            Kind = facts.Kind,
            OccurredAt = facts.OccurredAt,
            RecordedAt = clock.GetCurrentInstant(),
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
        return (null, new Sale(program, request, fingerprint, priced, rate, buyer, ipHash, conversion));
    }

    /// <summary>
    /// Attributes the sale among the partners who touched it. A partner the customer turns out to be is left out
    /// when the self-referral rule rejects; when it only holds, the partner stays in and the fraud pipeline's
    /// self-referral rule holds the conversion for review.
    /// </summary>
    private (AttributionResult Attribution, HashSet<PartnerId> SelfReferring) Attribute(Sale sale, Touches touches)
    {
        var selfReferring = touches
            .Candidates.Values.Where(p => IsSelfReferral(p, sale) is { Action: FraudAction.Reject })
            .Select(p => p.Id)
            .ToHashSet();
        return (Attribute(sale, touches, selfReferring), selfReferring);
    }

    private static AttributionResult Attribute(Sale sale, Touches touches, HashSet<PartnerId> excluded) =>
        AttributionEngine.Attribute(
            new AttributionRequest
            {
                Policy = sale.Program.Attribution,
                ConversionAt = sale.Conversion.OccurredAt,
                Clicks = touches.Clicks,
                CouponPartner = touches.CouponPartner,
                Binding = touches.Binding,
                ExcludedPartners = excluded,
            }
        );

    /// <summary>
    /// The conversion nobody earns. A rejected self-referral keeps the shares it would have had, so that the
    /// partner's own report shows it.
    /// </summary>
    private Conversion Unattributed(
        Sale sale,
        Touches touches,
        AttributionResult attribution,
        HashSet<PartnerId> selfReferring
    )
    {
        var selfReferral = attribution.Reason == AttributionReason.SelfReferral && selfReferring.Count > 0;
        return sale.Conversion with
        {
            Status = selfReferral ? ConversionStatus.Rejected : ConversionStatus.NotAttributed,
            AttributionReason = attribution.Reason,
            Shares = selfReferral ? Attribute(sale, touches, []).Shares : [],
            FraudAction = selfReferral ? FraudAction.Reject : FraudAction.Allow,
            FraudCodes = selfReferral
                ? touches
                    .Candidates.Values.Where(p => selfReferring.Contains(p.Id))
                    .Select(p => IsSelfReferral(p, sale)?.Code)
                    .OfType<string>()
                    .Distinct()
                    .ToArray()
                : [],
        };
    }

    private FraudVerdict? IsSelfReferral(Partner partner, Sale sale) =>
        SelfReferral.Check(
            partner,
            sale.Request.CustomerEmail,
            sale.Request.CustomerId,
            sale.IpHash,
            options.Value.Fraud.SelfReferral
        );

    /// <summary>
    /// Writes a conversion that earns nothing (not attributed, or rejected): its row, event and rollups.
    /// </summary>
    private ValueTask<AffiliateResult<ConversionOutcome>> WriteWithoutLinesAsync(
        Sale sale,
        Touches touches,
        Conversion conversion,
        FraudAssessment? assessment,
        CancellationToken cancellationToken
    )
    {
        var record = new ConversionRecord(conversion, [], null, [Recorded(conversion)])
        {
            Rollups = new RollupChange().Conversion(
                conversion,
                sale.Program.TimeZone,
                sale.Program.Currency,
                ClickSources.From(touches.Clicks)
            ),
        };
        return WriteAsync(record, assessment, sale.Fingerprint, sale.Buyer, cancellationToken);
    }

    /// <summary>Prices each credited partner's share with the plan in force and splits it by the model.</summary>
    private async ValueTask<AffiliateResult<IReadOnlyList<PricedLine>>> PriceSharesAsync(
        Sale sale,
        Touches touches,
        AttributionResult attribution,
        CancellationToken cancellationToken
    )
    {
        var program = sale.Program;
        var pricedLines = new List<(AttributionShare Share, PricedLine Line)>();
        foreach (var share in attribution.Shares)
        {
            var result = await PriceAsync(program, sale.Priced, touches.Candidates[share.PartnerId], cancellationToken)
                .ConfigureAwait(false);
            if (!result.Succeeded)
            {
                return AffiliateResult<IReadOnlyList<PricedLine>>.Failure(
                    AffiliateErrorCodes.PricingFailed,
                    $"{result.Error!.Code}: {result.Error.Message}"
                );
            }

            pricedLines.AddRange(result.Lines.Select(l => (share, l)));
        }

        var rounding = program.Plan.VersionAt(sale.Conversion.OccurredAt)?.Rounding ?? MidpointRounding.AwayFromZero;
        return AffiliateResult<IReadOnlyList<PricedLine>>.Success(
            AttributionShares.Apply(pricedLines, attribution, program.Attribution.Model, rounding)
        );
    }

    /// <summary>
    /// The write of an attributed conversion: its lines (held with the fraud codes when <paramref name="heldFor"/>
    /// is given), the customer's new binding, the events and the rollups.
    /// </summary>
    private static ConversionRecord Attributed(
        Sale sale,
        Touches touches,
        Conversion conversion,
        IReadOnlyList<PricedLine> priced,
        IReadOnlyList<string>? heldFor,
        Partner primary
    )
    {
        var program = sale.Program;
        var now = conversion.RecordedAt;
        var state = heldFor is null ? CommissionState.Pending : CommissionState.Held;
        var approvableAt = conversion.OccurredAt + program.HoldPeriod;
        var sources = ClickSources.From(touches.Clicks);
        var day = conversion.OccurredAt.InZone(program.TimeZone).Date;
        var lines = priced
            .Select(l =>
                CommissionLine.FromPriced(
                    l,
                    program.Id,
                    conversion.Id,
                    state,
                    now,
                    approvableAt,
                    sale.Rate,
                    heldFor ?? []
                )
            )
            .Select(l => l with { Placement = Placement(l, conversion, day, program.Currency, sources) })
            .ToArray();

        // A customer without a binding in force is bound to the partner who earned this conversion: a new customer,
        // or one whose binding expired or whose partner can no longer earn (that binding is then replaced).
        var stored = touches.StoredBinding;
        var lapsed =
            stored is not null
            && (
                touches.Binding is null
                || AttributionEngine.BindingEnd(stored, program.Attribution.LifetimeMonths) is { } end
                    && conversion.OccurredAt >= end
            );
        var newBinding =
            program.Attribution.LifetimeCustomers && conversion.CustomerId is { } customer && (stored is null || lapsed)
                ? new CustomerBinding(program.Id, customer, primary.Id, conversion.OccurredAt, conversion.Id)
                : null;

        var events = new List<AffiliateEvent> { Recorded(conversion) };
        events.AddRange(
            lines.Select(l => new CommissionLineCreated(l.Id, l.PartnerId, l.Kind, l.Amount, l.State)
            {
                OccurredAt = now,
                ProgramId = program.Id,
            })
        );
        if (newBinding is not null)
        {
            events.Add(
                new CustomerBound(newBinding.CustomerId, newBinding.PartnerId)
                {
                    OccurredAt = now,
                    ProgramId = program.Id,
                }
            );
        }

        var rollups = new RollupChange().Conversion(conversion, program.TimeZone, program.Currency, sources);
        foreach (var line in lines)
        {
            rollups.Line(line);
        }

        return new ConversionRecord(conversion, lines, newBinding, events)
        {
            ReplacesBinding = lapsed,
            Rollups = rollups,
        };
    }

    private async ValueTask<AffiliateResult<ConversionOutcome>> WriteAsync(
        ConversionRecord record,
        FraudAssessment? assessment,
        string fingerprint,
        CustomerFacts customer,
        CancellationToken cancellationToken
    )
    {
        record = record with { Customer = customer.Record, CustomerMustBeNew = customer.MustBeNew };
        var written = await conversions.RecordAsync(record, cancellationToken).ConfigureAwait(false);
        if (written.Status == StoreWriteStatus.Duplicate)
        {
            // Another request (or instance) recorded the same id first: answer as for a redelivery.
            var existing = await conversions
                .FindAsync(record.Conversion.ProgramId, record.Conversion.Id, cancellationToken)
                .ConfigureAwait(false);
            return existing is null
                ? AffiliateResult<ConversionOutcome>.Failure(
                    AffiliateErrorCodes.ConcurrencyConflict,
                    written.Detail ?? "conversion write collided"
                )
                : await ReplayAsync(existing, fingerprint, cancellationToken).ConfigureAwait(false);
        }

        if (!written.Succeeded)
        {
            return AffiliateResult<ConversionOutcome>.Failure(
                AffiliateErrorCodes.ConcurrencyConflict,
                written.Detail ?? "conversion write collided"
            );
        }

        return AffiliateResult<ConversionOutcome>.Success(
            new ConversionOutcome(
                record.Conversion with
                {
                    Version = 1,
                },
                record.Lines.Select(l => l with { Version = 1 }).ToArray(),
                assessment
            )
        );
    }

    private async ValueTask<AffiliateResult<ConversionOutcome>> ReplayAsync(
        Conversion existing,
        string fingerprint,
        CancellationToken cancellationToken
    )
    {
        if (existing.Fingerprint != fingerprint)
        {
            return AffiliateResult<ConversionOutcome>.Failure(
                AffiliateErrorCodes.IdempotencyConflict,
                $"Conversion '{existing.Id}' was recorded before with other content; use a new id for a new conversion."
            );
        }

        var lines = await ledger
            .QueryLinesAsync(
                new LineQuery { ProgramId = existing.ProgramId, ConversionId = existing.Id },
                cancellationToken
            )
            .ConfigureAwait(false);
        return AffiliateResult<ConversionOutcome>.Replayed(new ConversionOutcome(existing, lines, null));
    }

    private async ValueTask<AffiliateResult<Touches>> GatherTouchesAsync(
        AffiliateProgram program,
        ConversionRequest request,
        CancellationToken cancellationToken
    )
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
                return AffiliateResult<Touches>.Failure(
                    AffiliateErrorCodes.InvalidRequest,
                    $"Click '{clickId}' is not known in program '{program.Id}'."
                );
            }

            clicks = [click];
        }
        else if (!string.IsNullOrWhiteSpace(request.VisitorId))
        {
            clicks = visitorClicks = await touches
                .FindClicksByVisitorAsync(
                    program.Id,
                    request.VisitorId,
                    at - program.Attribution.Window,
                    at + Duration.Epsilon,
                    cancellationToken
                )
                .ConfigureAwait(false);
        }

        var candidates = new Dictionary<PartnerId, Partner>();
        async ValueTask Load(PartnerId id)
        {
            if (
                !candidates.ContainsKey(id)
                && await partners.FindAsync(id, cancellationToken).ConfigureAwait(false) is { } partner
            )
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
            if (
                couponPartner is null
                && ReferralCode.TryParse(code, out var referral, out _)
                && await partners.FindByReferralCodeAsync(referral, cancellationToken).ConfigureAwait(false)
                    is { } owner
            )
            {
                candidates[owner.Id] = owner;
                couponPartner = owner.Id;
            }
        }

        CustomerBinding? binding = null;
        CustomerBinding? stored = null;
        if (program.Attribution.LifetimeCustomers && request.CustomerId is { } customer)
        {
            binding = stored = await touches
                .FindBindingAsync(program.Id, customer, cancellationToken)
                .ConfigureAwait(false);
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

        return AffiliateResult<Touches>.Success(
            new Touches(clicks, couponPartner, binding, candidates)
            {
                StoredBinding = stored,
                VisitorClicks = visitorClicks,
            }
        );
    }

    private async ValueTask<FraudAssessment> AssessAsync(
        AffiliateProgram program,
        ConversionRequest request,
        ConversionFacts facts,
        Partner partner,
        Click? click,
        string? ipHash,
        Money amount,
        IReadOnlyList<Click>? visitorClicks,
        CancellationToken cancellationToken
    )
    {
        var fraudOptions = options.Value.Fraud;
        var at = facts.OccurredAt;
        var until = at + Duration.Epsilon;

        var similar = 0;
        if (request.CustomerId is not null || ipHash is not null)
        {
            var recent = conversions.QueryAsync(
                new ConversionQuery
                {
                    ProgramId = program.Id,
                    From = at - fraudOptions.DuplicateOrders.Window,
                    Until = until,
                    CustomerId = request.CustomerId,
                    IpHash = request.CustomerId is null ? ipHash : null,
                },
                cancellationToken
            );
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
        var partnerActivity = rateRules
            ? await ActivityAsync(program.Id, partner.Id, fromHour, untilHour, cancellationToken).ConfigureAwait(false)
            : PartnerActivity.None;
        var baseline = fraudOptions.ConversionRateAnomaly.Enabled
            ? await ActivityAsync(program.Id, null, fromHour, untilHour, cancellationToken).ConfigureAwait(false)
            : PartnerActivity.None;
        var distinctPartners = await DistinctPartnersClickedAsync(program, request, visitorClicks, cancellationToken)
            .ConfigureAwait(false);

        var assessment = await fraud
            .AssessConversionAsync(
                new ConversionFraudContext
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
                },
                cancellationToken
            )
            .ConfigureAwait(false);

        // A click rule configured to hold (not reject) let the click through flagged: its conversion waits for review.
        if (click is { Attributable: true, FraudCodes.Count: > 0 })
        {
            return new FraudAssessment(
                assessment.Verdicts.Concat(
                    click.FraudCodes.Select(code => new FraudVerdict(
                        FraudAction.Hold,
                        code,
                        $"The credited click {click.Id} was flagged by the '{code}' rule, which holds rather than "
                            + "rejects."
                    ))
                )
            );
        }

        return assessment;
    }

    private async ValueTask<PartnerActivity> ActivityAsync(
        ProgramId program,
        PartnerId? partner,
        long fromHour,
        long untilHour,
        CancellationToken cancellationToken
    )
    {
        var counts = await rollupStore
            .ActivityAsync(program, partner, fromHour, untilHour, cancellationToken)
            .ConfigureAwait(false);
        return new PartnerActivity(Count(counts.Clicks), Count(counts.Conversions), Count(counts.RefundedConversions))
        {
            ClickedConversions = Count(counts.ClickedConversions),
        };

        // Counters are sums of +1/-1 changes; a store that lost one must not turn a rule's input negative.
        static int Count(long value) => (int)Math.Clamp(value, 0, int.MaxValue);
    }

    /// <summary>
    /// How many partners' links the visitor clicked in the cookie-stuffing window: from the visitor's clicks already
    /// read for attribution when they cover the window, else from the visitor's index; nothing when the rule is off.
    /// </summary>
    private async ValueTask<int> DistinctPartnersClickedAsync(
        AffiliateProgram program,
        ConversionRequest request,
        IReadOnlyList<Click>? visitorClicks,
        CancellationToken cancellationToken
    )
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

        var query = new ClickQuery
        {
            ProgramId = program.Id,
            VisitorId = request.VisitorId,
            From = at - stuffing.Window,
            Until = at + Duration.Epsilon,
        };
        return (await touches.CountClicksAsync(query, cancellationToken).ConfigureAwait(false)).DistinctPartners;
    }

    /// <summary>
    /// Where a new line counts: its partner's own lines under the click (or coupon) they were credited for.
    /// </summary>
    private static ReportPlacement? Placement(
        CommissionLine line,
        Conversion conversion,
        LocalDate day,
        Currency currency,
        Func<AttributionShareSource, ClickSource> sources
    )
    {
        if (line.Amount.Currency != currency)
        {
            return null;
        }

        var share =
            line.Kind == LedgerEntryKind.Upline
                ? null
                : conversion.Shares.FirstOrDefault(s => s.PartnerId == line.PartnerId);
        if (share is null)
        {
            return new ReportPlacement(day, null, null);
        }

        var source = sources(new AttributionShareSource(conversion, share.PartnerId, share.ClickId));
        return new ReportPlacement(day, source.SubIds, source.LinkId);
    }

    private async ValueTask<PricingResult> PriceAsync(
        AffiliateProgram program,
        ConversionFacts facts,
        Partner seller,
        CancellationToken cancellationToken
    )
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
            while (
                sponsor is { } id
                && uplines.Count(u => u.CanEarn) < wanted
                && uplines.Count < MaxSponsorChain
                && seen.Add(id)
            )
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
            volume.Add(
                window,
                await conversions
                    .VolumeAsync(program.Id, seller.Id, window.From, window.Until, cancellationToken)
                    .ConfigureAwait(false)
            );
        }

        return PricingEngine.Price(
            new PricingRequest
            {
                Plan = plan,
                Conversion = facts,
                Seller = seller,
                Uplines = uplines,
                Volume = volume,
                TimeZone = program.TimeZone,
            }
        );
    }

    private static ConversionRecorded Recorded(Conversion conversion) =>
        new(conversion.Id, conversion.Status, conversion.Shares.Select(s => s.PartnerId).ToArray(), conversion.Amount)
        {
            OccurredAt = conversion.RecordedAt,
            ProgramId = conversion.ProgramId,
        };

    [LoggerMessage(
        EventId = 1101,
        Level = LogLevel.Warning,
        Message = "Conversion {ConversionId} for partner {PartnerId} rejected by fraud rules: {Assessment}"
    )]
    private static partial void LogConversionRejected(
        ILogger logger,
        ConversionId conversionId,
        PartnerId partnerId,
        FraudAssessment assessment
    );

    /// <summary>
    /// A conversion being recorded: its program, the request (user agent cleaned), the facts to price (rounded,
    /// newness filled in, in the program's currency), the exchange rate used, the customer record to write and the
    /// conversion as it is stored before attribution.
    /// </summary>
    private sealed record Sale(
        AffiliateProgram Program,
        ConversionRequest Request,
        string Fingerprint,
        ConversionFacts Priced,
        ExchangeRate? Rate,
        CustomerFacts Buyer,
        string? IpHash,
        Conversion Conversion
    );

    private sealed record Touches(
        IReadOnlyList<Click> Clicks,
        PartnerId? CouponPartner,
        CustomerBinding? Binding,
        Dictionary<PartnerId, Partner> Candidates
    )
    {
        /// <summary>The customer's binding as stored, even when its partner can no longer earn.</summary>
        public CustomerBinding? StoredBinding { get; init; }

        /// <summary>
        /// Every click of the visitor in the attribution window, any partner's; null when none were read.
        /// </summary>
        public IReadOnlyList<Click>? VisitorClicks { get; init; }
    }
}
