namespace Affiliate;

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
/// <para>Only the result is allocated: what a plan version always yields (rule specificity, tier and level names,
/// windows) is worked out once per version, and the working state of a call is kept for the next call on the same
/// thread. A cart with an order discount also allocates while the discount is spread over its items.</para>
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
            return PricingResult.Failed(
                PricingErrorCodes.NoPlanInForce,
                $"Plan '{plan.Name}' has no version in force at {conversion.OccurredAt}. Add a version that covers "
                    + "that instant."
            );
        }

        if (ConversionCheck.Problem(conversion, plan.Currency) is { } invalid)
        {
            return invalid;
        }

        if (!seller.CanEarn)
        {
            return PricingResult.Failed(
                PricingErrorCodes.PartnerNotActive,
                $"Partner '{seller.Id}' is {seller.Status} and cannot earn commissions; only active partners do."
            );
        }

        if (HasCycle(seller, request.Uplines) is { } cycle)
        {
            return PricingResult.Failed(
                PricingErrorCodes.SponsorCycle,
                $"Partner '{cycle}' appears twice in the sponsor chain of '{seller.Id}'; a sponsor chain cannot loop."
            );
        }

        var pricing = Pricing.Rent();
        try
        {
            return pricing.Run(request, version);
        }
        finally
        {
            Pricing.Return(pricing);
        }
    }

    /// <summary>
    /// The windows of the seller's history that pricing a conversion at <paramref name="occurredAt"/> will ask
    /// <see cref="IPartnerVolume"/> about, so that a store can load them first (see <see cref="PrefetchedVolume"/>).
    /// </summary>
    public static IReadOnlyList<VolumeQuery> VolumeWindowsFor(
        CommissionPlan plan,
        Instant occurredAt,
        DateTimeZone timeZone
    )
    {
        ArgumentNullException.ThrowIfNull(plan);
        var version = plan.VersionAt(occurredAt);
        if (version is null)
        {
            return [];
        }

        // The distinct windows of the tier rules, then of the bonuses; two windows may start at the same instant.
        var index = version.PricingIndex;
        var queries = new List<VolumeQuery>(index.Windows.Length);
        foreach (var window in index.Windows)
        {
            var query = QueryFor(index, window, occurredAt, timeZone);
            if (!queries.Contains(query))
            {
                queries.Add(query);
            }
        }

        return queries.ToArray();
    }

    /// <summary>
    /// The query for a window: from its start up to and including the conversion's instant, so conversions recorded
    /// earlier at the very same instant count as earlier.
    /// </summary>
    internal static VolumeQuery QueryFor(VolumeWindow window, Instant occurredAt, DateTimeZone timeZone) =>
        new(window.StartFor(occurredAt, timeZone), occurredAt + Duration.Epsilon);

    /// <summary>The query for a window, with the version's memo of month starts.</summary>
    private static VolumeQuery QueryFor(PricingIndex index, VolumeWindow window, Instant at, DateTimeZone zone) =>
        new(index.StartOf(window, at, zone), at + Duration.Epsilon);

    private static PartnerId? HasCycle(Partner seller, IReadOnlyList<Partner> uplines)
    {
        // A sponsor chain is a handful of partners: comparing each with those before it is cheaper than a set and
        // allocates nothing. A long chain gets the set.
        if (uplines.Count > 32)
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

        for (var i = 0; i < uplines.Count; i++)
        {
            var id = uplines[i].Id;
            if (id == seller.Id)
            {
                return id;
            }

            for (var j = 0; j < i; j++)
            {
                if (uplines[j].Id == id)
                {
                    return id;
                }
            }
        }

        return null;
    }

    /// <summary>
    /// One run of the engine: the per-conversion working state. An instance is kept per thread and reused by the
    /// next call (see <see cref="Rent"/>), so its arrays, sized for the largest plan, cart and chain seen, are not
    /// allocated again. It is never shared between threads, and forgets the caller's objects when a call ends.
    /// </summary>
    private sealed class Pricing
    {
        [ThreadStatic]
        private static Pricing? t_spare;

        private PricingRequest _request = null!;
        private PlanVersion _version = null!;
        private PricingIndex _index = null!;
        private ConversionFacts _conversion = null!;
        private Currency _currency;
        private Money _saleBasis;

        private BasisItem[] _basis = new BasisItem[4];
        private int _basisCount;
        private decimal[] _nets = new decimal[4];
        private RuleState[] _rules = new RuleState[4];
        private int _ruleCount;
        private WindowState[] _windows = new WindowState[2];

        // The seller's line: its parts (merged per rule and basis kind), their rounded sum, and its cut by the cap.
        private PartDraft[] _parts = new PartDraft[4];
        private int _partCount;
        private Money _sellerRounded;
        private Money? _sellerCap;

        // The upline lines, the basis their rates apply to, and the levels forfeited.
        private UplineDraft[] _uplines = new UplineDraft[4];
        private int _uplineCount;
        private BasisKind _uplineBasisKind;
        private Money _uplineBasis;
        private string? _capReason;
        private ForfeitedLevel[] _forfeited = new ForfeitedLevel[2];
        private int _forfeitedCount;

        private PricedLine[] _lines = new PricedLine[4];
        private int _lineCount;

        private enum RateSource
        {
            Rate,
            Tier,
            Recurring,
        }

        /// <summary>The thread's spare instance; a new one if it is busy (a volume source that prices).</summary>
        public static Pricing Rent()
        {
            var pricing = t_spare ?? new Pricing();
            t_spare = null;
            return pricing;
        }

        public static void Return(Pricing pricing)
        {
            pricing.Clear();
            t_spare = pricing;
        }

        public PricingResult Run(PricingRequest request, PlanVersion version)
        {
            _request = request;
            _version = version;
            _index = version.PricingIndex;
            _conversion = request.Conversion;
            _currency = request.Plan.Currency;

            BasisItems();
            _saleBasis = Money.Zero(_currency);
            for (var i = 0; i < _basisCount; i++)
            {
                _saleBasis += _basis[i].Basis;
            }

            var commissionable = SellerParts();
            if (_partCount > 0)
            {
                var unrounded = Money.Zero(_currency);
                for (var i = 0; i < _partCount; i++)
                {
                    unrounded += _parts[i].Amount;
                }

                _sellerRounded = unrounded.Round(version.Rounding);
            }

            if (commissionable && version.MultiLevel is { } policy)
            {
                UplineDrafts(policy);
            }

            AddSellerLine();
            for (var i = 0; i < _uplineCount; i++)
            {
                AddUplineLine(ref _uplines[i]);
            }

            Bonuses();

            PricedLine[] lines = _lineCount == 0 ? [] : _lines.AsSpan(0, _lineCount).ToArray();
            ForfeitedLevel[] forfeited = _forfeitedCount == 0 ? [] : _forfeited.AsSpan(0, _forfeitedCount).ToArray();
            return PricingResult.Priced(version, lines, forfeited, commissionable);
        }

        /// <summary>
        /// Forgets the call: drops the references that would keep the caller's objects alive (the request, its items,
        /// the result's lines). Plan rates and partner ids may stay until the next call overwrites them.
        /// </summary>
        private void Clear()
        {
            for (var i = 0; i < _basisCount; i++)
            {
                _basis[i] = default;
            }

            for (var i = 0; i < _forfeitedCount; i++)
            {
                _forfeited[i] = null!;
            }

            for (var i = 0; i < _lineCount; i++)
            {
                _lines[i] = null!;
            }

            for (var i = 0; i < _ruleCount; i++)
            {
                _rules[i].Tier = null;
                _rules[i].Recurring = null;
            }

            _basisCount = _partCount = _uplineCount = _forfeitedCount = _lineCount = _ruleCount = 0;
            _sellerCap = null;
            _capReason = null;
            _request = null!;
            _version = null!;
            _index = null!;
            _conversion = null!;
        }

        /// <summary>Grows an array to at least <paramref name="count"/> elements, keeping those it holds.</summary>
        private static void EnsureCapacity<T>(ref T[] array, int count)
        {
            if (array.Length < count)
            {
                Array.Resize(ref array, Math.Max(count, array.Length * 2));
            }
        }

        // ---- Basis ---------------------------------------------------------------------------------------------

        private void BasisItems()
        {
            var zero = Money.Zero(_currency);
            var orderDiscount = _conversion.OrderDiscount ?? zero;
            var items = _conversion.Items;
            EnsureCapacity(ref _basis, items.Count + 2);

            if (items.Count == 0)
            {
                var kind = _conversion.Kind is ConversionKind.Sale or ConversionKind.Renewal
                    ? BasisKind.Sale
                    : BasisKind.Conversion;
                _basis[_basisCount++] = new BasisItem(null, kind, (_conversion.Amount ?? zero) - orderDiscount, 1);
            }
            else
            {
                EnsureCapacity(ref _nets, items.Count);
                for (var i = 0; i < items.Count; i++)
                {
                    var net = items[i].Gross - (items[i].Discount ?? zero);
                    _basis[_basisCount++] = new BasisItem(items[i], BasisKind.Item, net, items[i].Quantity);
                    _nets[i] = net.Amount;
                }

                // The order discount is spread by the allocator so that the item bases add up to the discounted
                // subtotal to the cent.
                if (!orderDiscount.IsZero)
                {
                    var shares = orderDiscount.Allocate(_nets.AsSpan(0, items.Count));
                    for (var i = 0; i < items.Count; i++)
                    {
                        _basis[i] = _basis[i] with { Basis = _basis[i].Basis - shares[i] };
                    }
                }
            }

            if (_version.Basis.IncludeShipping && _conversion.Shipping is { IsZero: false } shipping)
            {
                _basis[_basisCount++] = new BasisItem(null, BasisKind.Shipping, shipping, 0);
            }

            if (_version.Basis.IncludeTax && _conversion.Tax is { IsZero: false } tax)
            {
                _basis[_basisCount++] = new BasisItem(null, BasisKind.Tax, tax, 0);
            }
        }

        // ---- Seller --------------------------------------------------------------------------------------------

        /// <summary>Resolves the rules, picks each item's winner, merges parts; true if a rule matched.</summary>
        private bool SellerParts()
        {
            var rules = _index.Rules;
            EnsureCapacity(ref _rules, rules.Length);
            _ruleCount = rules.Length;
            EnsureCapacity(ref _windows, _index.Windows.Length);
            for (var w = 0; w < _index.Windows.Length; w++)
            {
                _windows[w].Known = false;
            }

            var kind = _conversion.Kind;
            for (var r = 0; r < rules.Length; r++)
            {
                ref var state = ref _rules[r];
                state = default;
                var entry = rules[r];
                state.IsCandidate =
                    entry.AppliesTo(kind)
                    && entry.Rule.When.MatchesConversion(_conversion, _request.Seller)
                    && Resolve(entry, ref state);
            }

            var commissionable = false;
            var flatWinners = 0;
            EnsureCapacity(ref _parts, _basisCount + rules.Length);
            for (var i = 0; i < _basisCount; i++)
            {
                ref readonly var item = ref _basis[i];
                var winner = -1;
                var winnerAmount = Money.Zero(_currency);
                for (var r = 0; r < rules.Length; r++)
                {
                    ref readonly var candidate = ref _rules[r];
                    if (!candidate.IsCandidate)
                    {
                        continue;
                    }

                    // Shipping and tax have no units, so a per-item rate has nothing to pay on them.
                    if (
                        !rules[r].Rule.When.MatchesItem(item.LineItem)
                        || candidate.Rate is FlatPerItemRate && item.Kind is BasisKind.Shipping or BasisKind.Tax
                    )
                    {
                        continue;
                    }

                    var amount = candidate.Rate.Apply(item.Basis, item.Quantity);
                    if (winner < 0 || Beats(r, amount, winner, winnerAmount))
                    {
                        winner = r;
                        winnerAmount = amount;
                    }
                }

                if (winner < 0)
                {
                    continue;
                }

                commissionable = true;
                ref var won = ref _rules[winner];
                if (won.Rate is FlatRate)
                {
                    // Paid once per conversion, after the other parts, in the order the flat rules first won.
                    if (won.FlatOrder == 0)
                    {
                        won.FlatOrder = ++flatWinners;
                    }

                    continue;
                }

                Merge(winner, item.Kind, item.Basis, item.Quantity, winnerAmount);
            }

            for (var order = 1; order <= flatWinners; order++)
            {
                for (var r = 0; r < rules.Length; r++)
                {
                    if (_rules[r].FlatOrder == order)
                    {
                        var kindOfBasis = _saleBasis.IsZero ? BasisKind.Conversion : BasisKind.Sale;
                        var amount = _rules[r].Rate.Apply(_saleBasis, 1);
                        _parts[_partCount++] = new PartDraft(r, kindOfBasis, _saleBasis, 1, amount);
                    }
                }
            }

            return commissionable;
        }

        private bool Beats(int candidate, Money amount, int winner, Money winnerAmount)
        {
            if (_version.Precedence == RulePrecedence.Highest)
            {
                return amount > winnerAmount;
            }

            var rules = _index.Rules;
            var specificity = rules[candidate].Specificity.CompareTo(rules[winner].Specificity);
            return specificity > 0 || specificity == 0 && rules[candidate].Rule.Priority > rules[winner].Rule.Priority;
        }

        /// <summary>
        /// Adds a part, folding it into an earlier part with the same rule id, basis kind, tier and step so a cart
        /// reads as one line per rate.
        /// </summary>
        private void Merge(int rule, BasisKind kind, Money basis, int quantity, Money amount)
        {
            for (var i = 0; i < _partCount; i++)
            {
                ref var existing = ref _parts[i];
                if (existing.Kind == kind && SamePartKey(existing.Rule, rule))
                {
                    existing.Basis += basis;
                    existing.Quantity += quantity;
                    existing.Amount += amount;
                    return;
                }
            }

            _parts[_partCount++] = new PartDraft(rule, kind, basis, quantity, amount);
        }

        /// <summary>
        /// Whether parts of two rules fold together: the same rule, or (in a plan validation refuses) two rules
        /// sharing an id whose tier and recurring step read the same.
        /// </summary>
        private bool SamePartKey(int a, int b)
        {
            if (a == b)
            {
                return true;
            }

            var rules = _index.Rules;
            if (rules[a].Rule.Id != rules[b].Rule.Id)
            {
                return false;
            }

            ref readonly var x = ref _rules[a];
            ref readonly var y = ref _rules[b];
            var sameTier =
                x.Source != RateSource.Tier || y.Source != RateSource.Tier
                    ? x.Source != RateSource.Tier && y.Source != RateSource.Tier
                    : TierOf(a) == TierOf(b);
            var sameStep =
                x.Source != RateSource.Recurring || y.Source != RateSource.Recurring
                    ? x.Source != RateSource.Recurring && y.Source != RateSource.Recurring
                    : RecurringOf(a) == RecurringOf(b);
            return sameTier && sameStep;
        }

        /// <summary>
        /// The rate a matching rule pays for this conversion; false when it pays nothing (below its tiers, past the
        /// end of its schedule).
        /// </summary>
        private bool Resolve(RuleEntry entry, ref RuleState state)
        {
            var rule = entry.Rule;
            if (rule.Rate is { } rate)
            {
                state.Rate = rate;
                state.Source = RateSource.Rate;
                return true;
            }

            if (rule.Tiers is { } tiers)
            {
                var position = tiers.PositionOf(VolumeIn(entry.Window, tiers.Window), _saleBasis);
                if (tiers.TierFor(position) is not var (tier, index))
                {
                    return false;
                }

                state.Rate = tier.Rate;
                state.Source = RateSource.Tier;
                state.Step = index;
                state.Position = position;
                return true;
            }

            if (rule.Recurring is { } schedule)
            {
                var position = SubscriptionPosition(schedule.Unit);
                if (schedule.StepFor(position) is not var (step, index))
                {
                    return false;
                }

                state.Rate = step.Rate;
                state.Source = RateSource.Recurring;
                state.Step = index;
                state.Position = position;
                return true;
            }

            return false;
        }

        private TierExplanation TierOf(int rule)
        {
            ref var state = ref _rules[rule];
            if (state.Tier is null)
            {
                var entry = _index.Rules[rule];
                var tiers = entry.Rule.Tiers!;
                var name = entry.TierNames![state.Step];
                state.Tier = new TierExplanation(state.Step, name, tiers.Measure, state.Position, tiers.Window);
            }

            return state.Tier;
        }

        private RecurringExplanation RecurringOf(int rule)
        {
            ref var state = ref _rules[rule];
            var unit = _index.Rules[rule].Rule.Recurring!.Unit;
            return state.Recurring ??= new RecurringExplanation(unit, (int)state.Position, state.Step);
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
                    var started = subscription.StartedAt.InZone(_request.TimeZone).LocalDateTime;
                    var occurred = _conversion.OccurredAt.InZone(_request.TimeZone).LocalDateTime;
                    return MonthsBetween(started, occurred) + 1;
                case RecurringUnit.Months:
                    return 1;
                default:
                    return payment;
            }
        }

        private VolumeTotals VolumeIn(int slot, VolumeWindow window)
        {
            ref var state = ref _windows[slot];
            if (!state.Known)
            {
                var query = QueryFor(_index, window, _conversion.OccurredAt, _request.TimeZone);
                state.Totals = _request.Volume.Between(query.From, query.Until);
                state.Known = true;
            }

            return state.Totals;
        }

        // ---- Upline --------------------------------------------------------------------------------------------

        private void UplineDrafts(MultiLevelPolicy policy)
        {
            var sellerAmount = _partCount == 0 ? Money.Zero(_currency) : _sellerRounded;
            (_uplineBasisKind, _uplineBasis) =
                policy.Basis == UplineBasis.Sale
                    ? (BasisKind.Sale, _saleBasis)
                    : (BasisKind.SellerCommission, sellerAmount);
            var uplines = _request.Uplines;
            EnsureCapacity(ref _uplines, uplines.Count);
            var level = 2;
            for (var u = 0; u < uplines.Count; u++)
            {
                if (level > _index.Depth)
                {
                    break;
                }

                var upline = uplines[u];
                if (_index.LevelAt(level) is not { Rate: { } rate } entry)
                {
                    level++;
                    continue;
                }

                var amount = rate.Apply(_uplineBasis, 1);
                if (!upline.CanEarn)
                {
                    if (policy.InactiveUplines == InactiveUplines.Compress)
                    {
                        continue; // the next partner up takes this level
                    }

                    EnsureCapacity(ref _forfeited, _forfeitedCount + 1);
                    var forfeited = new ForfeitedLevel(level, upline.Id, amount.Round(_version.Rounding));
                    _forfeited[_forfeitedCount++] = forfeited;
                    level++;
                    continue;
                }

                _uplines[_uplineCount++] = new UplineDraft(upline.Id, entry, amount);
                level++;
            }

            if (policy.Payment == UplinePayment.DeductedFromSeller)
            {
                // Upline shares come out of the seller's commission, so together they can never exceed it.
                ReduceFromTop(includeSeller: false, sellerAmount, cap: false);
                for (var i = 0; i < _uplineCount; i++)
                {
                    ref var draft = ref _uplines[i];
                    var paid = Paid(in draft);
                    if (!paid.IsZero)
                    {
                        draft.Deduction = paid.Negate();
                    }
                }
            }

            if (policy.Cap is { } cap)
            {
                ReduceFromTop(includeSeller: true, CapAmount(cap), cap: true);
            }
        }

        private Money CapAmount(MultiLevelCap cap)
        {
            // Round the percentage cap toward zero: rounding it up could let the total pass the cap by a cent.
            Money? limit = cap.MaxPercentOfSale is { } percent
                ? _saleBasis.Multiply(percent / 100m).Round(MidpointRounding.ToZero)
                : null;
            if (cap.MaxAmount is { } amount)
            {
                limit = limit is null ? amount : Money.Min(limit.Value, amount);
            }

            return limit ?? _saleBasis;
        }

        /// <summary>
        /// Brings the total of the upline lines (and the seller's, when included and it has parts) down to
        /// <paramref name="limit"/>, taking from the highest level first and from the seller last: the seller limit
        /// when <paramref name="cap"/> is false, the cap when true.
        /// </summary>
        private void ReduceFromTop(bool includeSeller, Money limit, bool cap)
        {
            var total = Money.Zero(_currency);
            for (var i = 0; i < _uplineCount; i++)
            {
                total += Paid(in _uplines[i]);
            }

            var seller = includeSeller && _partCount > 0;
            if (seller)
            {
                total += SellerAmount();
            }

            var excess = total - limit;
            for (var i = _uplineCount - 1; i >= 0 && excess.IsPositive; i--)
            {
                ref var draft = ref _uplines[i];
                var cut = Money.Min(excess, Paid(in draft));
                if (cut.IsPositive)
                {
                    if (cap)
                    {
                        draft.Cap = cut.Negate();
                        _capReason ??= $"the cap of {limit} per conversion";
                    }
                    else
                    {
                        draft.Limit = cut.Negate();
                    }

                    excess -= cut;
                }
            }

            if (seller && excess.IsPositive)
            {
                var cut = Money.Min(excess, SellerAmount());
                if (cut.IsPositive)
                {
                    _sellerCap = cut.Negate();
                    _capReason ??= $"the cap of {limit} per conversion";
                }
            }
        }

        /// <summary>An upline line as it stands: its part summed and rounded, plus the adjustments so far.</summary>
        private Money Paid(in UplineDraft draft)
        {
            var rounded = (Money.Zero(_currency) + draft.Amount).Round(_version.Rounding);
            if (draft.Limit is null && draft.Cap is null)
            {
                return rounded; // adding zero keeps every digit of the amount, as in SellerAmount
            }

            var adjustments = Money.Zero(_currency);
            if (draft.Limit is { } limit)
            {
                adjustments += limit;
            }

            if (draft.Cap is { } cap)
            {
                adjustments += cap;
            }

            return rounded + adjustments;
        }

        /// <summary>The seller's line as it stands: rounded, less what the upline was paid and the cap.</summary>
        private Money SellerAmount()
        {
            var adjustments = Money.Zero(_currency);
            var adjusted = false;
            for (var i = 0; i < _uplineCount; i++)
            {
                if (_uplines[i].Deduction is { } deduction)
                {
                    adjustments += deduction;
                    adjusted = true;
                }
            }

            if (_sellerCap is { } cap)
            {
                adjustments += cap;
                adjusted = true;
            }

            // Adding zero keeps every digit of the amount: without adjustments the sum is the rounded amount itself.
            return adjusted ? _sellerRounded + adjustments : _sellerRounded;
        }

        // ---- Lines ---------------------------------------------------------------------------------------------

        private void AddSellerLine()
        {
            if (_partCount == 0)
            {
                return;
            }

            var amount = SellerAmount();
            if (amount.IsZero)
            {
                return;
            }

            var parts = new ExplanationPart[_partCount];
            for (var i = 0; i < parts.Length; i++)
            {
                ref readonly var draft = ref _parts[i];
                var entry = _index.Rules[draft.Rule];
                ref readonly var state = ref _rules[draft.Rule];
                parts[i] = new ExplanationPart
                {
                    RuleId = entry.Rule.Id,
                    RuleName = entry.Rule.DisplayName,
                    BasisKind = draft.Kind,
                    Basis = draft.Basis,
                    Quantity = draft.Quantity,
                    Rate = state.Rate,
                    Tier = state.Source == RateSource.Tier ? TierOf(draft.Rule) : null,
                    Recurring = state.Source == RateSource.Recurring ? RecurringOf(draft.Rule) : null,
                    Note = entry.Rule.When.NewCustomer switch
                    {
                        // The explanation says which of a new- or returning-customer rule priced the sale.
                        true => "new customer's first purchase",
                        false => "returning customer",
                        null => null,
                    },
                    Amount = draft.Amount,
                };
            }

            var adjustments = SellerAdjustments();
            AddLine(_request.Seller.Id, CommissionLineKind.Commission, 1, parts, adjustments, amount);
        }

        private ExplanationAdjustment[] SellerAdjustments()
        {
            var count = _sellerCap is null ? 0 : 1;
            for (var i = 0; i < _uplineCount; i++)
            {
                count += _uplines[i].Deduction is null ? 0 : 1;
            }

            if (count == 0)
            {
                return [];
            }

            var adjustments = new ExplanationAdjustment[count];
            var next = 0;
            for (var i = 0; i < _uplineCount; i++)
            {
                ref readonly var draft = ref _uplines[i];
                if (draft.Deduction is { } deduction)
                {
                    var reason = $"paid to level {draft.Level.Level} upline {draft.PartnerId}";
                    adjustments[next++] = new ExplanationAdjustment("upline_deduction", reason, deduction);
                }
            }

            if (_sellerCap is { } cap)
            {
                adjustments[next] = new ExplanationAdjustment("cap", _capReason!, cap);
            }

            return adjustments;
        }

        private void AddUplineLine(ref UplineDraft draft)
        {
            var amount = Paid(in draft);
            if (amount.IsZero)
            {
                return;
            }

            var part = new ExplanationPart
            {
                RuleId = draft.Level.RuleId,
                RuleName = draft.Level.RuleName,
                BasisKind = _uplineBasisKind,
                Basis = _uplineBasis,
                Quantity = 1,
                Rate = draft.Level.Rate!,
                Amount = draft.Amount,
            };

            var count = (draft.Limit is null ? 0 : 1) + (draft.Cap is null ? 0 : 1);
            ExplanationAdjustment[] adjustments = count == 0 ? [] : new ExplanationAdjustment[count];
            if (draft.Limit is { } limit)
            {
                adjustments[0] = new ExplanationAdjustment("seller_limit", "limited to the seller's commission", limit);
            }

            if (draft.Cap is { } cap)
            {
                adjustments[count - 1] = new ExplanationAdjustment("cap", _capReason!, cap);
            }

            AddLine(draft.PartnerId, CommissionLineKind.Upline, draft.Level.Level, [part], adjustments, amount);
        }

        /// <summary>Adds a line; <paramref name="amount"/> is what its explanation sums to, from the drafts.</summary>
        private void AddLine(
            PartnerId partner,
            CommissionLineKind kind,
            int level,
            ExplanationPart[] parts,
            ExplanationAdjustment[] adjustments,
            Money amount
        )
        {
            var explanation = new CommissionExplanation
            {
                PlanId = _request.Plan.Id,
                PlanName = _request.Plan.Name,
                PlanVersion = _version.Number,
                ConversionId = _conversion.Id,
                ConversionKind = _conversion.Kind,
                LineKind = kind,
                Level = level,
                SellerId = _request.Seller.Id,
                Parts = parts,
                Rounding = _version.Rounding,
                Adjustments = adjustments,
                Currency = _currency,
            };
            explanation.KnowAmount(amount);

            EnsureCapacity(ref _lines, _lineCount + 1);
            _lines[_lineCount++] = new PricedLine(partner, kind, level, explanation);
        }

        // ---- Bonuses -------------------------------------------------------------------------------------------

        private void Bonuses()
        {
            foreach (var entry in _index.Bonuses)
            {
                var bonus = entry.Bonus;
                if (
                    !entry.AppliesTo(_conversion.Kind)
                    || !bonus.When.MatchesConversion(_conversion, _request.Seller)
                    || bonus.When.IsItemLevel && !AnyItemMatches(bonus.When)
                )
                {
                    continue;
                }

                if (!bonus.Milestone.IsReachedBy(VolumeIn(entry.Window, bonus.Window), _saleBasis.Amount))
                {
                    continue;
                }

                var part = new ExplanationPart
                {
                    RuleId = bonus.Id,
                    RuleName = entry.RuleName,
                    BasisKind = BasisKind.Sale,
                    Basis = _saleBasis,
                    Quantity = 1,
                    Rate = entry.Rate,
                    Note = entry.Note,
                    Amount = bonus.Reward,
                };

                var amount = (Money.Zero(_currency) + bonus.Reward).Round(_version.Rounding);
                if (!amount.IsZero)
                {
                    AddLine(_request.Seller.Id, CommissionLineKind.Bonus, 1, [part], [], amount);
                }
            }
        }

        private bool AnyItemMatches(RuleConditions conditions)
        {
            for (var i = 0; i < _basisCount; i++)
            {
                if (conditions.MatchesItem(_basis[i].LineItem))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>What one item (or the whole sale, shipping or tax) contributes to the basis.</summary>
        private readonly record struct BasisItem(LineItem? LineItem, BasisKind Kind, Money Basis, int Quantity);

        /// <summary>A rule for this conversion: whether it matched and, if so, the rate it pays and why.</summary>
        private struct RuleState
        {
            public bool IsCandidate;
            public CommissionRate Rate;
            public RateSource Source;
            public int Step;

            /// <summary>The tier position, or the recurring position.</summary>
            public decimal Position;

            /// <summary>1 for the flat-per-conversion rule that first won an item, 2 for the next, else 0.</summary>
            public int FlatOrder;

            public TierExplanation? Tier;
            public RecurringExplanation? Recurring;
        }

        private struct WindowState
        {
            public bool Known;
            public VolumeTotals Totals;
        }

        /// <summary>A part of the seller's line before it becomes an <see cref="ExplanationPart"/>.</summary>
        private struct PartDraft(int rule, BasisKind kind, Money basis, int quantity, Money amount)
        {
            public readonly int Rule = rule;
            public readonly BasisKind Kind = kind;
            public Money Basis = basis;
            public int Quantity = quantity;
            public Money Amount = amount;
        }

        /// <summary>An upline line before it becomes a <see cref="PricedLine"/>.</summary>
        private struct UplineDraft(PartnerId partnerId, LevelEntry level, Money amount)
        {
            public readonly PartnerId PartnerId = partnerId;
            public readonly LevelEntry Level = level;

            /// <summary>The level's rate applied to the basis, unrounded.</summary>
            public readonly Money Amount = amount;

            /// <summary>The cut that keeps deducted levels within the seller's commission.</summary>
            public Money? Limit;

            /// <summary>The cut of the cap.</summary>
            public Money? Cap;

            /// <summary>What the seller gives up for this line (its amount, negated) if levels are deducted.</summary>
            public Money? Deduction;
        }
    }

    /// <summary>
    /// Whole months from <paramref name="start"/> to <paramref name="end"/>, as
    /// <c>Period.Between(start, end, PeriodUnits.Months).Months</c> counts them (a month is complete when the same
    /// day and time, or the month's last day when it is shorter, has been reached), without allocating a Period.
    /// </summary>
    internal static int MonthsBetween(LocalDateTime start, LocalDateTime end)
    {
        if (start == end)
        {
            return 0;
        }

        // A day whose time of day has not been reached yet does not count, in either direction.
        var endDate = end.Date;
        if (start < end && start.TimeOfDay > end.TimeOfDay)
        {
            endDate = endDate.PlusDays(-1);
        }
        else if (start > end && start.TimeOfDay < end.TimeOfDay)
        {
            endDate = endDate.PlusDays(1);
        }

        var startDate = start.Date;
        var months = ((endDate.Year - startDate.Year) * 12) + endDate.Month - startDate.Month;
        var reached = startDate.PlusMonths(months);
        if (startDate <= endDate)
        {
            return reached <= endDate ? months : months - 1;
        }

        return reached >= endDate ? months : months + 1;
    }
}
