using System.Globalization;
using System.Text;

namespace Affiliate;

/// <summary>
/// Why a commission line is what it is: the plan version, and for each part the rule, tier, level, basis and rate;
/// then the rounding and any adjustments (a deduction for the upline, a cap). The parts, rounded, plus the
/// adjustments are exactly <see cref="Amount"/>. <see cref="ToSentence"/> renders it for a partner. Immutable and
/// thread-safe: the amount and the sentence are worked out once and kept.
/// </summary>
public sealed record CommissionExplanation
{
    private Cache _cache;

    /// <summary>The plan.</summary>
    public required PlanId PlanId { get; init; }

    /// <summary>The plan's name.</summary>
    public required string PlanName { get; init; }

    /// <summary>The plan version number that priced the conversion.</summary>
    public required int PlanVersion { get; init; }

    /// <summary>The conversion.</summary>
    public required ConversionId ConversionId { get; init; }

    /// <summary>The kind of conversion.</summary>
    public required ConversionKind ConversionKind { get; init; }

    /// <summary>What the line pays for.</summary>
    public required CommissionLineKind LineKind { get; init; }

    /// <summary>1 for the seller, 2 for the sponsor, and so on.</summary>
    public required int Level { get; init; }

    /// <summary>The partner who made the conversion (the seller).</summary>
    public required PartnerId SellerId { get; init; }

    /// <summary>The parts the amount is made of, before rounding.</summary>
    public required IReadOnlyList<ExplanationPart> Parts { get; init; }

    /// <summary>The rounding rule applied to the sum of the parts.</summary>
    public required MidpointRounding Rounding { get; init; }

    /// <summary>Changes after rounding, each already rounded: deductions and caps.</summary>
    public IReadOnlyList<ExplanationAdjustment> Adjustments { get; init; } = [];

    /// <summary>The currency of the line.</summary>
    public required Currency Currency { get; init; }

    /// <summary>The sum of the parts, unrounded.</summary>
    public Money Unrounded
    {
        get
        {
            var sum = Money.Zero(Currency);
            for (var i = 0; i < Parts.Count; i++)
            {
                sum += Parts[i].Amount;
            }

            return sum;
        }
    }

    /// <summary>The sum of the parts rounded to the minor unit.</summary>
    public Money Rounded => Unrounded.Round(Rounding);

    /// <summary>The line's amount: <see cref="Rounded"/> plus the adjustments. Computed once, on first use.</summary>
    public Money Amount
    {
        get
        {
            if (ReferenceEquals(Volatile.Read(ref _cache.AmountOf), this))
            {
                return new(_cache.Amount, Currency);
            }

            // The sums in the order they were always taken: the parts, rounded once, then the adjustments.
            var rounded = Rounded;
            var adjustments = Money.Zero(Currency);
            for (var i = 0; i < Adjustments.Count; i++)
            {
                adjustments += Adjustments[i].Amount;
            }

            var amount = rounded + adjustments;
            KnowAmount(amount);
            return amount;
        }
    }

    /// <summary>
    /// The explanation as plain sentences, for example: "10.00 EUR for sale order-7 under plan 'Partners' version 2:
    /// 10% of 100.00 EUR (sale subtotal), rule 'default'." Formatted on first use and kept.
    /// </summary>
    public string ToSentence()
    {
        if (ReferenceEquals(Volatile.Read(ref _cache.SentenceOf), this))
        {
            return _cache.Sentence!;
        }

        var sentence = FormatSentence();
        _cache.Sentence = sentence;
        Volatile.Write(ref _cache.SentenceOf, this);
        return sentence;
    }

    /// <summary>
    /// Keeps <see cref="Amount"/>: computed here, or by the pricing engine while it built the line (it must be the
    /// amount the getter would compute, in <see cref="Currency"/>).
    /// </summary>
    internal void KnowAmount(Money amount)
    {
        _cache.Amount = amount.Amount;
        Volatile.Write(ref _cache.AmountOf, this);
    }

    private string FormatSentence()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{Amount} ");
        text.Append(
            LineKind switch
            {
                CommissionLineKind.Upline => $"as level {Level} upline of partner {SellerId} ",
                CommissionLineKind.Bonus => "bonus ",
                CommissionLineKind.PeriodAdjustment => "period-close tier adjustment ",
                _ => string.Empty,
            }
        );
        text.Append(
            LineKind == CommissionLineKind.PeriodAdjustment
                ? "for the period ending with"
                : $"for {ConversionKind.ToString().ToLowerInvariant()}"
        );
        text.Append(CultureInfo.InvariantCulture, $" {ConversionId} under plan '{PlanName}' version {PlanVersion}: ");
        text.AppendJoin("; ", Parts.Select(p => p.Describe()));
        text.Append('.');

        if (Rounded != Unrounded)
        {
            text.Append(
                CultureInfo.InvariantCulture,
                $" Rounded from {Unrounded} to {Rounded} ({DescribeRounding(Rounding)})."
            );
        }

        foreach (var adjustment in Adjustments)
        {
            text.Append(
                CultureInfo.InvariantCulture,
                $" {(adjustment.Amount.IsNegative ? "Less" : "Plus")} "
                    + $"{(adjustment.Amount.IsNegative ? adjustment.Amount.Negate() : adjustment.Amount)}: "
                    + $"{adjustment.Reason}."
            );
        }

        return text.ToString();
    }

    private static string DescribeRounding(MidpointRounding rounding) =>
        rounding switch
        {
            MidpointRounding.AwayFromZero => "half away from zero",
            MidpointRounding.ToEven => "half to even",
            MidpointRounding.ToZero => "toward zero",
            MidpointRounding.ToNegativeInfinity => "down",
            _ => "up",
        };

    /// <summary>
    /// The amount and the sentence, worked out once. Derived data, not part of the explanation's value: the cache
    /// compares equal to any other, so the record's generated equality and hash code ignore it. Each entry is valid
    /// only for the explanation named beside it, so a copy made with <c>with</c> (which copies the cache) works out its
    /// own; the name is written after the value, with a volatile write, so a reader that sees its own name sees the
    /// value. Two threads may work one out at once; they write the same value.
    /// </summary>
    private struct Cache : IEquatable<Cache>
    {
        public CommissionExplanation? AmountOf;

        /// <summary>The amount in the explanation's <see cref="CommissionExplanation.Currency"/>.</summary>
        public decimal Amount;
        public CommissionExplanation? SentenceOf;
        public string? Sentence;

        public static bool operator ==(Cache left, Cache right) => left.Equals(right);

        public static bool operator !=(Cache left, Cache right) => !left.Equals(right);

        public readonly bool Equals(Cache other) => true;

        public override readonly bool Equals(object? obj) => obj is Cache;

        public override readonly int GetHashCode() => 0;
    }
}

/// <summary>One part of an explanation: a rule's rate applied to a basis.</summary>
public sealed record ExplanationPart
{
    /// <summary>The rule (or bonus) id.</summary>
    public required string RuleId { get; init; }

    /// <summary>The rule's name for display.</summary>
    public required string RuleName { get; init; }

    /// <summary>What the rate was applied to.</summary>
    public required BasisKind BasisKind { get; init; }

    /// <summary>The basis amount.</summary>
    public required Money Basis { get; init; }

    /// <summary>Units, for per-item rates.</summary>
    public int Quantity { get; init; }

    /// <summary>The rate applied.</summary>
    public required CommissionRate Rate { get; init; }

    /// <summary>The volume tier that chose the rate, if any.</summary>
    public TierExplanation? Tier { get; init; }

    /// <summary>The recurring step that chose the rate, if any.</summary>
    public RecurringExplanation? Recurring { get; init; }

    /// <summary>Extra words (the milestone of a bonus).</summary>
    public string? Note { get; init; }

    /// <summary>The part's amount, unrounded.</summary>
    public required Money Amount { get; init; }

    /// <summary>The part in words.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        switch (Rate)
        {
            case PercentRate:
                text.Append(CultureInfo.InvariantCulture, $"{Rate.Describe()} of {Basis} ({Describe(BasisKind)})");
                break;
            case FlatPerItemRate perItem:
                text.Append(CultureInfo.InvariantCulture, $"{perItem.Amount} per item x {Quantity}");
                break;
            case FlatRate flat:
                text.Append(CultureInfo.InvariantCulture, $"flat {flat.Amount}");
                break;
        }

        if (Rate is not FlatRate || Amount != ((FlatRate)Rate).Amount)
        {
            text.Append(CultureInfo.InvariantCulture, $" = {Amount}");
        }

        text.Append(CultureInfo.InvariantCulture, $", rule '{RuleName}'");
        if (Tier is { } tier)
        {
            text.Append(CultureInfo.InvariantCulture, $", {tier.Describe()}");
        }

        if (Recurring is { } recurring)
        {
            text.Append(CultureInfo.InvariantCulture, $", {recurring.Describe()}");
        }

        if (Note is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $", {Note}");
        }

        return text.ToString();
    }

    private static string Describe(BasisKind kind) =>
        kind switch
        {
            BasisKind.Item => "items after discounts",
            BasisKind.Shipping => "shipping",
            BasisKind.Tax => "tax",
            BasisKind.SellerCommission => "the seller's commission",
            BasisKind.Conversion => "conversion value",
            BasisKind.PeriodTotal => "period total",
            _ => "sale subtotal after discounts",
        };
}

/// <summary>What a rate was applied to.</summary>
public enum BasisKind
{
    /// <summary>
    /// The sale subtotal after discounts (a conversion without item detail, or the whole sale for upline rates).
    /// </summary>
    Sale = 0,

    /// <summary>Line items after discounts.</summary>
    Item = 1,

    /// <summary>Shipping (when the plan includes it).</summary>
    Shipping = 2,

    /// <summary>Tax (when the plan includes it).</summary>
    Tax = 3,

    /// <summary>The seller's commission (upline rates on commission).</summary>
    SellerCommission = 4,

    /// <summary>The value of a lead, click or event.</summary>
    Conversion = 5,

    /// <summary>A period's conversions re-rated together.</summary>
    PeriodTotal = 6,
}

/// <summary>The volume tier that chose a rate.</summary>
/// <param name="Index">0 for the first tier.</param>
/// <param name="Name">The tier's name, or "from N".</param>
/// <param name="Measure">Count or revenue.</param>
/// <param name="Position">The conversion's ordinal, or the revenue that placed it.</param>
/// <param name="Window">The window counted.</param>
public sealed record TierExplanation(int Index, string Name, TierMeasure Measure, decimal Position, VolumeWindow Window)
{
    /// <summary>The tier in words.</summary>
    public string Describe() =>
        Measure == TierMeasure.Count
            ? string.Create(
                CultureInfo.InvariantCulture,
                $"tier '{Name}' as conversion number {Position:0} in {Window.Describe()}"
            )
            : string.Create(
                CultureInfo.InvariantCulture,
                $"tier '{Name}' with revenue of {Position:0.00} in {Window.Describe()}"
            );
}

/// <summary>The recurring step that chose a rate.</summary>
/// <param name="Unit">What the schedule counts.</param>
/// <param name="Position">The payment, renewal or month number.</param>
/// <param name="StepIndex">0 for the first step.</param>
public sealed record RecurringExplanation(RecurringUnit Unit, int Position, int StepIndex)
{
    /// <summary>The step in words.</summary>
    public string Describe() =>
        Unit switch
        {
            RecurringUnit.Months => string.Create(
                CultureInfo.InvariantCulture,
                $"subscription month {Position} (step {StepIndex + 1})"
            ),
            RecurringUnit.Renewals => string.Create(
                CultureInfo.InvariantCulture,
                $"renewal {Position} (step {StepIndex + 1})"
            ),
            _ => string.Create(CultureInfo.InvariantCulture, $"subscription payment {Position} (step {StepIndex + 1})"),
        };
}

/// <summary>A change to a line after rounding, with its reason.</summary>
/// <param name="Code">A stable code: <c>upline_deduction</c>, <c>cap</c>, <c>seller_limit</c>.</param>
/// <param name="Reason">The reason in words.</param>
/// <param name="Amount">The change (negative for a deduction), rounded.</param>
public sealed record ExplanationAdjustment(string Code, string Reason, Money Amount);
