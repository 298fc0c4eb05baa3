using System.Globalization;
using Affiliate.Partners;

namespace Affiliate.Commissions.Pricing;

/// <summary>
/// Prices a conversion: plan + conversion facts + the partner's volume in, commission lines with explanations out.
/// Pure and deterministic (no clock, no I/O, no shared state), so it is thread-safe and the same request always
/// gives the same lines.
/// </summary>
/// <remarks>
/// <para>Steps: pick the plan version in force at the conversion; compute the basis of each item (after item and
/// order discounts, shipping and tax only if the plan includes them); for every item choose one rule among those that
/// match (most specific or highest); add the parts into the seller's line and round once; then upline levels, the cap,
/// and milestone bonuses. Lines of zero are left out.</para>
/// <para>Flat-per-conversion rules pay once per conversion however many items they win.</para>
/// </remarks>
/// <example><code>
/// var result = PricingEngine.Price(new PricingRequest { Plan = plan, Conversion = sale, Seller = partner });
/// foreach (var line in result.Lines) Console.WriteLine(line.Explanation.ToSentence());
/// </code></example>
public static class PricingEngine
{
    /// <summary>Prices one conversion.</summary>
    public static PricingResult Price(PricingRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var plan = request.Plan;
        var conversion = request.Conversion;
        var seller = request.Seller;

        var version = plan.VersionAt(conversion.OccurredAt);
        if (version is null)
        {
            return PricingResult.Failed(PricingErrorCodes.NoPlanInForce, $"Plan '{plan.Name}' has no version in force at {conversion.OccurredAt}. Add a version that covers that instant.");
        }

        if (ConversionCheck.Problem(conversion, plan.Currency) is { } invalid)
        {
            return invalid;
        }

        if (!seller.CanEarn)
        {
            return PricingResult.Failed(PricingErrorCodes.PartnerNotActive, $"Partner '{seller.Id}' is {seller.Status} and cannot earn commissions; only active partners do.");
        }

        if (HasCycle(seller, request.Uplines) is { } cycle)
        {
            return PricingResult.Failed(PricingErrorCodes.SponsorCycle, $"Partner '{cycle}' appears twice in the sponsor chain of '{seller.Id}'; a sponsor chain cannot loop.");
        }

        var pricing = new Pricing(request, version);
        return pricing.Run();
    }

    /// <summary>
    /// The windows of the seller's history that pricing a conversion at <paramref name="occurredAt"/> will ask
    /// <see cref="IPartnerVolume"/> about, so that a store can load them first (see <see cref="PrefetchedVolume"/>).
    /// </summary>
    public static IReadOnlyList<VolumeQuery> VolumeWindowsFor(CommissionPlan plan, Instant occurredAt, DateTimeZone timeZone)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var version = plan.VersionAt(occurredAt);
        if (version is null)
        {
            return [];
        }

        var windows = version.Rules.Where(r => r.Tiers is not null).Select(r => r.Tiers!.Window)
            .Concat(version.Bonuses.Select(b => b.Window));
        return windows.Distinct().Select(w => QueryFor(w, occurredAt, timeZone)).Distinct().ToArray();
    }

    /// <summary>
    /// The query for a window: from its start up to and including the conversion's instant, so conversions recorded
    /// earlier at the very same instant count as earlier.
    /// </summary>
    internal static VolumeQuery QueryFor(VolumeWindow window, Instant occurredAt, DateTimeZone timeZone) =>
        new(window.StartFor(occurredAt, timeZone), occurredAt + Duration.Epsilon);

    private static PartnerId? HasCycle(Partner seller, IReadOnlyList<Partner> uplines)
    {
        var seen = new HashSet<PartnerId> { seller.Id };
        foreach (var upline in uplines)
        {
            if (!seen.Add(upline.Id))
            {
                return upline.Id;
            }
        }

        return null;
    }

    /// <summary>One run of the engine; holds the per-conversion working state.</summary>
    private sealed class Pricing(PricingRequest request, PlanVersion version)
    {
        private readonly CommissionPlan _plan = request.Plan;
        private readonly ConversionFacts _conversion = request.Conversion;
        private readonly Currency _currency = request.Plan.Currency;
        private readonly Dictionary<VolumeWindow, VolumeTotals> _volume = [];
        private readonly List<ForfeitedLevel> _forfeited = [];
        private Money _saleBasis;

        public PricingResult Run()
        {
            var items = BasisItems();
            _saleBasis = Money.Sum(items.Select(i => i.Basis), _currency);

            var (sellerParts, commissionable) = SellerParts(items);
            var seller = new LineDraft(request.Seller.Id, CommissionLineKind.Commission, 1, sellerParts);
            var uplines = commissionable && version.MultiLevel is { } policy ? UplineDrafts(policy, seller) : [];

            var lines = new List<PricedLine>(2 + uplines.Count);
            AddIfNotZero(lines, seller);
            foreach (var upline in uplines)
            {
                AddIfNotZero(lines, upline);
            }

            foreach (var bonus in Bonuses(items))
            {
                AddIfNotZero(lines, bonus);
            }

            return PricingResult.Priced(version, lines, _forfeited, commissionable);
        }

        private void AddIfNotZero(List<PricedLine> lines, LineDraft draft)
        {
            if (draft.Parts.Count == 0)
            {
                return;
            }

            var line = new PricedLine(draft.PartnerId, draft.Kind, draft.Level, Explain(draft));
            if (!line.Amount.IsZero)
            {
                lines.Add(line);
            }
        }

        private CommissionExplanation Explain(LineDraft draft) => new()
        {
            PlanId = _plan.Id,
            PlanName = _plan.Name,
            PlanVersion = version.Number,
            ConversionId = _conversion.Id,
            ConversionKind = _conversion.Kind,
            LineKind = draft.Kind,
            Level = draft.Level,
            SellerId = request.Seller.Id,
            Parts = draft.Parts,
            Rounding = version.Rounding,
            Adjustments = draft.Adjustments,
            Currency = _currency,
        };

        // ---- Basis ---------------------------------------------------------------------------------------------

        private List<BasisItem> BasisItems()
        {
            var zero = Money.Zero(_currency);
            var orderDiscount = _conversion.OrderDiscount ?? zero;
            var items = new List<BasisItem>(_conversion.Items.Count + 2);

            if (_conversion.Items.Count == 0)
            {
                var kind = _conversion.Kind is ConversionKind.Sale or ConversionKind.Renewal ? BasisKind.Sale : BasisKind.Conversion;
                items.Add(new BasisItem(null, kind, (_conversion.Amount ?? zero) - orderDiscount, 1));
            }
            else
            {
                var nets = _conversion.Items.Select(i => i.Gross - (i.Discount ?? zero)).ToArray();

                // The order discount is spread by the allocator so that the item bases add up to the discounted
                // subtotal to the cent.
                var shares = orderDiscount.IsZero ? null : orderDiscount.Allocate(nets.Select(n => n.Amount).ToArray());
                for (var i = 0; i < nets.Length; i++)
                {
                    var basis = shares is null ? nets[i] : nets[i] - shares[i];
                    items.Add(new BasisItem(_conversion.Items[i], BasisKind.Item, basis, _conversion.Items[i].Quantity));
                }
            }

            if (version.Basis.IncludeShipping && _conversion.Shipping is { IsZero: false } shipping)
            {
                items.Add(new BasisItem(null, BasisKind.Shipping, shipping, 0));
            }

            if (version.Basis.IncludeTax && _conversion.Tax is { IsZero: false } tax)
            {
                items.Add(new BasisItem(null, BasisKind.Tax, tax, 0));
            }

            return items;
        }

        // ---- Seller --------------------------------------------------------------------------------------------

        private (List<ExplanationPart> Parts, bool Commissionable) SellerParts(List<BasisItem> items)
        {
            var candidates = new List<ResolvedRule>(version.Rules.Count);
            foreach (var rule in version.Rules)
            {
                if (rule.AppliesTo.Contains(_conversion.Kind) && rule.When.MatchesConversion(_conversion, request.Seller) && Resolve(rule) is { } resolved)
                {
                    candidates.Add(resolved);
                }
            }

            var parts = new List<ExplanationPart>();
            var flatWinners = new List<ResolvedRule>();
            var commissionable = false;
            foreach (var item in items)
            {
                ResolvedRule? winner = null;
                var winnerAmount = Money.Zero(_currency);
                foreach (var candidate in candidates)
                {
                    // Shipping and tax have no units, so a per-item rate has nothing to pay on them.
                    if (!candidate.Rule.When.MatchesItem(item.LineItem) || candidate.Rate is FlatPerItemRate && item.Kind is BasisKind.Shipping or BasisKind.Tax)
                    {
                        continue;
                    }

                    var amount = candidate.Rate.Apply(item.Basis, item.Quantity);
                    if (winner is null || Beats(candidate, amount, winner, winnerAmount))
                    {
                        winner = candidate;
                        winnerAmount = amount;
                    }
                }

                if (winner is null)
                {
                    continue;
                }

                commissionable = true;
                if (winner.Rate is FlatRate)
                {
                    if (!flatWinners.Contains(winner))
                    {
                        flatWinners.Add(winner);
                    }

                    continue;
                }

                Merge(parts, winner.Part(item.Kind, item.Basis, item.Quantity, winnerAmount));
            }

            foreach (var flat in flatWinners)
            {
                parts.Add(flat.Part(_saleBasis.IsZero ? BasisKind.Conversion : BasisKind.Sale, _saleBasis, 1, flat.Rate.Apply(_saleBasis, 1)));
            }

            return (parts, commissionable);
        }

        private bool Beats(ResolvedRule candidate, Money amount, ResolvedRule winner, Money winnerAmount)
        {
            if (version.Precedence == RulePrecedence.Highest)
            {
                return amount > winnerAmount;
            }

            var specificity = candidate.Rule.When.Specificity.CompareTo(winner.Rule.When.Specificity);
            return specificity > 0 || specificity == 0 && candidate.Rule.Priority > winner.Rule.Priority;
        }

        /// <summary>Adds a part, folding it into an earlier part of the same rule, tier, step and basis kind so a cart reads as one line per rate.</summary>
        private static void Merge(List<ExplanationPart> parts, ExplanationPart part)
        {
            for (var i = 0; i < parts.Count; i++)
            {
                var existing = parts[i];
                if (existing.RuleId == part.RuleId && existing.BasisKind == part.BasisKind && existing.Tier == part.Tier && existing.Recurring == part.Recurring)
                {
                    parts[i] = existing with
                    {
                        Basis = existing.Basis + part.Basis,
                        Quantity = existing.Quantity + part.Quantity,
                        Amount = existing.Amount + part.Amount,
                    };
                    return;
                }
            }

            parts.Add(part);
        }

        private ResolvedRule? Resolve(CommissionRule rule)
        {
            if (rule.Rate is { } rate)
            {
                return new ResolvedRule(rule, rate, null, null);
            }

            if (rule.Tiers is { } tiers)
            {
                var position = tiers.PositionOf(VolumeIn(tiers.Window), _saleBasis);
                if (tiers.TierFor(position) is not var (tier, index))
                {
                    return null;
                }

                var name = tier.Name ?? (tiers.Measure == TierMeasure.Count
                    ? string.Create(CultureInfo.InvariantCulture, $"from {tier.From:0}")
                    : string.Create(CultureInfo.InvariantCulture, $"from {tier.From:0.00}"));
                return new ResolvedRule(rule, tier.Rate, new TierExplanation(index, name, tiers.Measure, position, tiers.Window), null);
            }

            if (rule.Recurring is { } schedule)
            {
                var position = SubscriptionPosition(schedule.Unit);
                return schedule.StepFor(position) is var (step, index)
                    ? new ResolvedRule(rule, step.Rate, null, new RecurringExplanation(schedule.Unit, position, index))
                    : null;
            }

            return null;
        }

        private int SubscriptionPosition(RecurringUnit unit)
        {
            var subscription = _conversion.Subscription;
            var payment = subscription?.PaymentNumber ?? 1;
            switch (unit)
            {
                case RecurringUnit.Renewals:
                    return payment - 1;
                case RecurringUnit.Months when subscription is not null:
                    var started = subscription.StartedAt.InZone(request.TimeZone).LocalDateTime;
                    var occurred = _conversion.OccurredAt.InZone(request.TimeZone).LocalDateTime;
                    return Period.Between(started, occurred, PeriodUnits.Months).Months + 1;
                case RecurringUnit.Months:
                    return 1;
                default:
                    return payment;
            }
        }

        private VolumeTotals VolumeIn(VolumeWindow window)
        {
            if (!_volume.TryGetValue(window, out var totals))
            {
                var query = QueryFor(window, _conversion.OccurredAt, request.TimeZone);
                totals = request.Volume.Between(query.From, query.Until);
                _volume[window] = totals;
            }

            return totals;
        }

        // ---- Upline --------------------------------------------------------------------------------------------

        private List<LineDraft> UplineDrafts(MultiLevelPolicy policy, LineDraft seller)
        {
            var sellerAmount = seller.Parts.Count == 0 ? Money.Zero(_currency) : Explain(seller).Rounded;
            var (basisKind, basis) = policy.Basis == UplineBasis.Sale ? (BasisKind.Sale, _saleBasis) : (BasisKind.SellerCommission, sellerAmount);
            var drafts = new List<LineDraft>();
            var level = 2;
            foreach (var upline in request.Uplines)
            {
                if (level > policy.Depth)
                {
                    break;
                }

                var rate = policy.Levels.FirstOrDefault(l => l.Level == level)?.Rate;
                if (rate is null)
                {
                    level++;
                    continue;
                }

                var part = new ExplanationPart
                {
                    RuleId = string.Create(CultureInfo.InvariantCulture, $"level-{level}"),
                    RuleName = string.Create(CultureInfo.InvariantCulture, $"level {level}"),
                    BasisKind = basisKind,
                    Basis = basis,
                    Quantity = 1,
                    Rate = rate,
                    Amount = rate.Apply(basis, 1),
                };

                if (!upline.CanEarn)
                {
                    if (policy.InactiveUplines == InactiveUplines.Compress)
                    {
                        continue; // the next partner up takes this level
                    }

                    _forfeited.Add(new ForfeitedLevel(level, upline.Id, part.Amount.Round(version.Rounding)));
                    level++;
                    continue;
                }

                drafts.Add(new LineDraft(upline.Id, CommissionLineKind.Upline, level, [part]));
                level++;
            }

            if (policy.Payment == UplinePayment.DeductedFromSeller)
            {
                // Upline shares come out of the seller's commission, so together they can never exceed it.
                ReduceFromTop(drafts, null, sellerAmount, "seller_limit", "limited to the seller's commission");
                foreach (var draft in drafts)
                {
                    var paid = Explain(draft).Amount;
                    if (!paid.IsZero)
                    {
                        seller.Adjustments.Add(new ExplanationAdjustment("upline_deduction", $"paid to level {draft.Level} upline {draft.PartnerId}", paid.Negate()));
                    }
                }
            }

            if (policy.Cap is { } cap)
            {
                var limit = CapAmount(cap);
                ReduceFromTop(drafts, seller, limit, "cap", $"the cap of {limit} per conversion");
            }

            return drafts;
        }

        private Money CapAmount(MultiLevelCap cap)
        {
            // Round the percentage cap toward zero: rounding it up could let the total pass the cap by a cent.
            Money? limit = cap.MaxPercentOfSale is { } percent ? _saleBasis.Multiply(percent / 100m).Round(MidpointRounding.ToZero) : null;
            if (cap.MaxAmount is { } amount)
            {
                limit = limit is null ? amount : Money.Min(limit.Value, amount);
            }

            return limit ?? _saleBasis;
        }

        /// <summary>
        /// Brings the total of the upline lines (and the seller's, when given) down to <paramref name="limit"/>,
        /// taking from the highest level first and from the seller last.
        /// </summary>
        private void ReduceFromTop(List<LineDraft> uplines, LineDraft? seller, Money limit, string code, string reason)
        {
            var total = Money.Sum(uplines.Select(d => Explain(d).Amount), _currency);
            if (seller is { Parts.Count: > 0 })
            {
                total += Explain(seller).Amount;
            }

            var excess = total - limit;
            var order = seller is { Parts.Count: > 0 } ? uplines.AsEnumerable().Reverse().Append(seller) : uplines.AsEnumerable().Reverse();
            foreach (var draft in order)
            {
                if (!excess.IsPositive)
                {
                    break;
                }

                var amount = Explain(draft).Amount;
                var cut = Money.Min(excess, amount);
                if (cut.IsPositive)
                {
                    draft.Adjustments.Add(new ExplanationAdjustment(code, reason, cut.Negate()));
                    excess -= cut;
                }
            }
        }

        // ---- Bonuses -------------------------------------------------------------------------------------------

        private IEnumerable<LineDraft> Bonuses(List<BasisItem> items)
        {
            foreach (var bonus in version.Bonuses)
            {
                if (!bonus.AppliesTo.Contains(_conversion.Kind) || !bonus.When.MatchesConversion(_conversion, request.Seller) ||
                    bonus.When.IsItemLevel && !items.Exists(i => bonus.When.MatchesItem(i.LineItem)))
                {
                    continue;
                }

                if (!bonus.Milestone.IsReachedBy(VolumeIn(bonus.Window), _saleBasis.Amount))
                {
                    continue;
                }

                var part = new ExplanationPart
                {
                    RuleId = bonus.Id,
                    RuleName = bonus.Name ?? bonus.Id,
                    BasisKind = BasisKind.Sale,
                    Basis = _saleBasis,
                    Quantity = 1,
                    Rate = CommissionRate.Flat(bonus.Reward),
                    Note = $"{bonus.Milestone.Describe()} in {bonus.Window.Describe()}",
                    Amount = bonus.Reward,
                };
                yield return new LineDraft(request.Seller.Id, CommissionLineKind.Bonus, 1, [part]);
            }
        }

        private sealed record BasisItem(LineItem? LineItem, BasisKind Kind, Money Basis, int Quantity);

        private sealed record ResolvedRule(CommissionRule Rule, CommissionRate Rate, TierExplanation? Tier, RecurringExplanation? Recurring)
        {
            public ExplanationPart Part(BasisKind kind, Money basis, int quantity, Money amount) => new()
            {
                RuleId = Rule.Id,
                RuleName = Rule.DisplayName,
                BasisKind = kind,
                Basis = basis,
                Quantity = quantity,
                Rate = Rate,
                Tier = Tier,
                Recurring = Recurring,
                Amount = amount,
            };
        }

        private sealed record LineDraft(PartnerId PartnerId, CommissionLineKind Kind, int Level, List<ExplanationPart> Parts)
        {
            public List<ExplanationAdjustment> Adjustments { get; } = [];
        }
    }
}
