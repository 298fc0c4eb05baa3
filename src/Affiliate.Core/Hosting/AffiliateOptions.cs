using System.Text;

namespace Affiliate;

/// <summary>
/// Settings for <c>services.AddAffiliates(o => ...)</c>. The top-level settings describe the default program; hosts
/// with several programs add them to <see cref="Programs"/>. Checked when the host starts (with
/// <c>ValidateOnStart()</c>); every problem is reported at once with what to change.
/// </summary>
/// <example><code>
/// services.AddAffiliates(o =>
/// {
///     o.DefaultCurrency = "EUR";
///     o.TimeZone = "Europe/Berlin";
///     o.AttributionWindow = Duration.FromDays(30);
///     o.Plan = myPlan;
///     o.IpHashKey = configuration["Affiliates:IpHashKey"];
/// }).UseInMemoryStores().ValidateOnStart();
/// </code></example>
public sealed class AffiliateOptions
{
    /// <summary>The id of the default program (used when a request names none).</summary>
    public string DefaultProgramId { get; set; } = "default";

    /// <summary>The default program's name.</summary>
    public string ProgramName { get; set; } = "Affiliate program";

    /// <summary>
    /// The default program's currency (ISO 4217 code). When null (the default) it is the currency of
    /// <see cref="Plan"/>, so a plan in USD makes a USD program without saying it twice.
    /// </summary>
    public string? DefaultCurrency { get; set; }

    /// <summary>
    /// The default program's time zone (an IANA id such as "Europe/Berlin"); periods are counted in it.
    /// </summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>How long a click can earn credit.</summary>
    public Duration AttributionWindow { get; set; } = Duration.FromDays(30);

    /// <summary>How credit is shared among clicks.</summary>
    public AttributionModel AttributionModel { get; set; } = AttributionModel.LastClick;

    /// <summary>Whether a partner's coupon beats link clicks.</summary>
    public bool CouponPrecedence { get; set; } = true;

    /// <summary>Whether customers stay bound to the partner who brought them.</summary>
    public bool LifetimeCustomers { get; set; }

    /// <summary>How many months a lifetime binding lasts (null: for ever).</summary>
    public int? LifetimeMonths { get; set; }

    /// <summary>How long commissions stay pending before they can be approved.</summary>
    public Duration HoldPeriod { get; set; } = Duration.FromDays(30);

    /// <summary>The default program's commission plan. Required unless <see cref="Programs"/> lists programs.</summary>
    public CommissionPlan? Plan { get; set; }

    /// <summary>The default program's payout thresholds, schedule and clawback.</summary>
    public PayoutPolicy Payouts { get; set; } = new();

    /// <summary>Programs beyond (or instead of) the default one.</summary>
    public IList<AffiliateProgram> Programs { get; } = [];

    /// <summary>
    /// The secret key IP addresses are hashed with (at least 16 bytes; base64 or text). Keep it stable: velocity
    /// rules compare hashes. Required with a database store (the start fails with a message saying so); with
    /// <c>UseInMemoryStores()</c> alone it may be left null and a random key is made for the process, which is
    /// enough since nothing in memory outlives it.
    /// </summary>
    public string? IpHashKey { get; set; }

    /// <summary>
    /// The secret key list cursors are signed with (at least 16 bytes; base64 or text), so a client can neither edit a
    /// cursor nor use it for another list or other filters. Optional: when null, a key is derived from
    /// <see cref="IpHashKey"/>. Use the same key on every instance, or a cursor from one fails on another.
    /// </summary>
    public string? CursorKey { get; set; }

    /// <summary>Fraud rules.</summary>
    public FraudOptions Fraud { get; set; } = new();

    /// <summary>
    /// How long an instance keeps the partner behind a referral code for click tracking (one store lookup per code and
    /// period instead of one per click). A partner changed through <c>PartnerDirectory</c> is read again at once on
    /// the instance that changed it; other instances see the change within this time (a suspended partner's links
    /// track for at most this long there). <c>Duration.Zero</c> looks every click's code up. Default: one minute.
    /// </summary>
    public Duration ReferralCodeCacheDuration { get; set; } = Duration.FromMinutes(1);

    /// <summary>How the outbox retries events whose handler failed.</summary>
    public OutboxOptions Outbox { get; set; } = new();

    /// <summary>Which URLs partners may set as their postback (<see cref="PartnerPostbacks"/>).</summary>
    public PostbackOptions Postbacks { get; set; } = new();

    /// <summary>How often a write that collides with another instance's is retried before giving up.</summary>
    public int ConcurrencyRetries { get; set; } = 5;

    /// <summary>
    /// Also write one <c>CommissionLineStateChanged</c> event per line that a batch job (approval) moves, besides the
    /// one <c>CommissionsApproved</c> per partner and batch. Off by default: a run over 250,000 lines would otherwise
    /// write 250,000 events.
    /// </summary>
    public bool LineEvents { get; set; }

    /// <summary>
    /// How long an instance prices with the stored plans it read before reading them again: each instance caches the
    /// stored plans and reads a plan once per interval at most, so that pricing costs no store read per conversion.
    /// A plan saved by another instance is seen within this interval. Zero reads the store on every conversion.
    /// </summary>
    public Duration PlanRefreshInterval { get; set; } = Duration.FromMinutes(1);

    /// <summary>
    /// How far ahead of now a new plan version must start (<c>PlanDirectory.ScheduleAsync</c>); at least
    /// <see cref="PlanRefreshInterval"/>, so every instance has read the version before it takes effect and no
    /// conversion is priced by the old version after the new one started.
    /// </summary>
    public Duration PlanLeadTime { get; set; } = Duration.FromMinutes(5);

    /// <summary>
    /// The programs these options describe: <see cref="Programs"/>, or the default program built from the top-level
    /// settings.
    /// </summary>
    public IReadOnlyList<AffiliateProgram> BuildPrograms()
    {
        if (Programs.Count > 0)
        {
            return Programs.ToArray();
        }

        var zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(TimeZone) ?? DateTimeZone.Utc;
        var currency =
            DefaultCurrency is null ? Plan?.Currency ?? Currency.EUR
            : Currency.TryFromCode(DefaultCurrency, out var c) ? c
            : Currency.EUR;
        return
        [
            new AffiliateProgram
            {
                Id = new ProgramId(DefaultProgramId),
                Name = ProgramName,
                Currency = currency,
                TimeZone = zone,
                Plan = Plan ?? throw new InvalidOperationException("AffiliateOptions.Plan is not set."),
                Attribution = new AttributionPolicy
                {
                    Window = AttributionWindow,
                    Model = AttributionModel,
                    CouponPrecedence = CouponPrecedence,
                    LifetimeCustomers = LifetimeCustomers,
                    LifetimeMonths = LifetimeMonths,
                },
                HoldPeriod = HoldPeriod,
                Payouts = Payouts,
            },
        ];
    }

    /// <summary>The IP hash key as bytes (base64 if it decodes to at least 16 bytes, else UTF-8 text).</summary>
    public byte[] IpHashKeyBytes()
    {
        var key = IpHashKey ?? string.Empty;
        var buffer = new byte[key.Length];
        return Convert.TryFromBase64String(key, buffer, out var written) && written >= 16
            ? buffer[..written]
            : Encoding.UTF8.GetBytes(key);
    }

    /// <summary>The cursor key as bytes (base64 if it decodes to 16 bytes or more, else UTF-8), or null.</summary>
    public byte[]? CursorKeyBytes()
    {
        if (CursorKey is not { } key)
        {
            return null;
        }

        var buffer = new byte[key.Length];
        return Convert.TryFromBase64String(key, buffer, out var written) && written >= 16
            ? buffer[..written]
            : Encoding.UTF8.GetBytes(key);
    }

    /// <summary>Every problem with these options, each saying what to change; empty when they are valid.</summary>
    public IEnumerable<string> Validate()
    {
        if (IpHashKeyBytes().Length < 16)
        {
            yield return IpHashKey is null
                ? "AffiliateOptions.IpHashKey is not set; a database store needs a key it keeps across restarts and "
                    + "instances. Generate one (e.g. 'openssl rand -base64 32'), keep it in configuration or a secret "
                    + "store and set o.IpHashKey from it. Only UseInMemoryStores() makes a key of its own."
                : "AffiliateOptions.IpHashKey must be a secret of at least 16 bytes (e.g. 32 random bytes in base64). "
                    + "Set o.IpHashKey from configuration; keep it stable.";
        }

        if (CursorKeyBytes() is { Length: < 16 })
        {
            yield return "AffiliateOptions.CursorKey must be a secret of at least 16 bytes (e.g. 32 random bytes in "
                + "base64), or null to derive the cursor key from IpHashKey.";
        }

        if (ConcurrencyRetries < 1)
        {
            yield return $"AffiliateOptions.ConcurrencyRetries is {ConcurrencyRetries}; set it to 1 or more.";
        }

        if (PlanRefreshInterval < Duration.Zero || PlanLeadTime < PlanRefreshInterval)
        {
            yield return $"AffiliateOptions.PlanLeadTime ({PlanLeadTime}) must be at least PlanRefreshInterval "
                + $"({PlanRefreshInterval}), which cannot be negative: otherwise an instance could price with an old "
                + "plan version after a new one started.";
        }

        if (Programs.Count == 0)
        {
            if (DefaultCurrency is not null && !Currency.TryFromCode(DefaultCurrency, out _))
            {
                yield return $"AffiliateOptions.DefaultCurrency '{DefaultCurrency}' is not an ISO 4217 code; use a "
                    + "code such as \"EUR\".";
            }

            if (DateTimeZoneProviders.Tzdb.GetZoneOrNull(TimeZone) is null)
            {
                yield return $"AffiliateOptions.TimeZone '{TimeZone}' is not an IANA time zone id; use one such as "
                    + "\"Europe/Berlin\" or \"UTC\".";
            }

            if (AttributionWindow <= Duration.Zero)
            {
                yield return "AffiliateOptions.AttributionWindow must be positive, e.g. Duration.FromDays(30).";
            }

            if (HoldPeriod < Duration.Zero)
            {
                yield return "AffiliateOptions.HoldPeriod cannot be negative; use Duration.Zero to approve at once.";
            }

            if (Plan is null)
            {
                yield return "AffiliateOptions.Plan is not set: set o.Plan to a CommissionPlan, or add programs with "
                    + "o.Programs.Add(...).";
                yield break;
            }
        }

        foreach (var group in Programs.GroupBy(p => p.Id).Where(g => g.Count() > 1))
        {
            yield return $"Program id '{group.Key}' is used by {group.Count()} programs in "
                + "AffiliateOptions.Programs; give each program its own id.";
        }

        foreach (var program in Programs.Count == 0 ? BuildPrograms() : Programs.ToArray())
        {
            if (program.Plan.Currency != program.Currency)
            {
                yield return $"Program '{program.Id}' is in {program.Currency} but its plan '{program.Plan.Name}' is "
                    + $"in {program.Plan.Currency}; use one currency.";
            }

            foreach (var problem in PlanValidator.Validate(program.Plan))
            {
                yield return $"Program '{program.Id}', plan '{program.Plan.Name}': {problem}";
            }
        }

        foreach (var problem in Fraud.Validate().Concat(Outbox.Validate()).Concat(Postbacks.Validate()))
        {
            yield return problem;
        }
    }
}
