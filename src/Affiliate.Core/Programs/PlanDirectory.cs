using Affiliate.Stores;
using Microsoft.Extensions.Options;

namespace Affiliate;

/// <summary>
/// Plan management for an admin page or API: lists plans with their versions, checks a new version and schedules
/// it. History is never rewritten: a version can only be added, starting at least
/// <see cref="AffiliateOptions.PlanLeadTime"/> from now and after the plan's last version; conversions already priced
/// keep the version in force when they occurred. Registered (scoped) by <c>AddAffiliates</c>. Thread-safe when the
/// store is.
/// </summary>
/// <remarks>
/// <para>Precedence: a plan configured in code is used until the first version is scheduled for it; scheduling
/// stores the configured plan plus the new version (revision 1), and the stored plan wins from then on (see
/// <see cref="ProgramCatalog"/>).</para>
/// <para>Concurrency: every change names the revision the caller read (<see cref="PlanDetails.Revision"/>); when two
/// admins schedule against the same revision one wins and the other gets <c>plan_changed</c>, writing nothing.</para>
/// <para>Each scheduled version raises <see cref="PlanVersionScheduled"/> (one per program using the plan) in the
/// same write, so a host can announce it to partners before it starts.</para>
/// </remarks>
/// <example><code>
/// var plans = services.GetRequiredService&lt;PlanDirectory&gt;();
/// var current = (await plans.FindAsync(new PlanId("standard"))).GetValueOrThrow();
/// var next = new PlanVersion
/// {
///     Number = current.Plan.Versions[^1].Number + 1,
///     EffectiveFrom = Instant.FromUtc(2026, 7, 1, 0, 0),
///     Rules = [new CommissionRule { Id = "default", Rate = CommissionRate.Percent(12) }],
/// };
/// var scheduled = await plans.ScheduleAsync(current.Plan.Id, next, current.Revision);
/// // scheduled.Error?.Code: plan_changed, plan_version_too_early, invalid_plan or unknown_plan
/// </code></example>
public sealed class PlanDirectory
{
    private readonly IClock _clock;
    private readonly ProgramCatalog _programs;
    private readonly IPlanStore _plans;
    private readonly PlanCache _cache;
    private readonly Duration _leadTime;

    /// <summary>Creates the directory.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public PlanDirectory(
        IClock clock,
        ProgramCatalog programs,
        IPlanStore plans,
        PlanCache cache,
        IOptions<AffiliateOptions> options
    )
    {
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(programs);
        ArgumentNullException.ThrowIfNull(plans);
        ArgumentNullException.ThrowIfNull(cache);
        ArgumentNullException.ThrowIfNull(options);
        _clock = clock;
        _programs = programs;
        _plans = plans;
        _cache = cache;
        _leadTime = options.Value.PlanLeadTime;
    }

    /// <summary>
    /// Every plan, ordered by id: the plans configured in code (replaced by their stored copies where one exists) and
    /// stored plans no configured program uses. Read from the store, not the cache: an admin sees the latest revision.
    /// </summary>
    public async ValueTask<IReadOnlyList<PlanDetails>> ListAsync(CancellationToken cancellationToken = default)
    {
        var stored = (await _plans.ListAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(s => s.Plan.Id);
        var configured = Configured();
        return configured
            .Keys.Union(stored.Keys)
            .Order(Comparer<PlanId>.Create((a, b) => string.CompareOrdinal(a.Value, b.Value)))
            .Select(id => Details(id, stored.GetValueOrDefault(id), configured))
            .ToArray();
    }

    /// <summary>A plan with its versions and revision, or <c>unknown_plan</c>.</summary>
    public async ValueTask<AffiliateResult<PlanDetails>> FindAsync(
        PlanId planId,
        CancellationToken cancellationToken = default
    )
    {
        var configured = Configured();
        var stored = await _plans.FindStoredAsync(planId, cancellationToken).ConfigureAwait(false);
        return stored is null && !configured.ContainsKey(planId)
            ? UnknownPlan(planId)
            : AffiliateResult<PlanDetails>.Success(Details(planId, stored, configured));
    }

    /// <summary>
    /// Every problem the plan would have with <paramref name="version"/> added (see <see cref="PlanValidator"/>),
    /// with the timing rules of <see cref="ScheduleAsync"/>; empty when it can be scheduled now. Writes nothing.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="version"/> is null.</exception>
    public async ValueTask<AffiliateResult<IReadOnlyList<PlanProblem>>> ValidateAsync(
        PlanId planId,
        PlanVersion version,
        CancellationToken cancellationToken = default
    )
    {
        ArgumentNullException.ThrowIfNull(version);
        var current = await FindAsync(planId, cancellationToken).ConfigureAwait(false);
        if (!current.Succeeded)
        {
            return AffiliateResult<IReadOnlyList<PlanProblem>>.Failure(current.Error!);
        }

        var problems = new List<PlanProblem>();
        if (TooEarly(current.Value!.Plan, version) is { } early)
        {
            problems.Add(
                new PlanProblem(AffiliateErrorCodes.PlanVersionTooEarly, $"versions[{version.Number}]", early)
            );
        }

        problems.AddRange(PlanValidator.Validate(WithVersion(current.Value.Plan, version)));
        return AffiliateResult<IReadOnlyList<PlanProblem>>.Success(problems);
    }

    /// <summary>
    /// Adds <paramref name="version"/> to a plan if the plan's revision is still <paramref name="expectedRevision"/>
    /// (<see cref="PlanDetails.Revision"/>, 0 for a plan only configured in code), the version starts at least
    /// <see cref="AffiliateOptions.PlanLeadTime"/> from now and after the last version, and the plan stays valid.
    /// Stores the plan with <see cref="PlanVersionScheduled"/> in one write, and this instance prices with it at once;
    /// other instances read it within <see cref="AffiliateOptions.PlanRefreshInterval"/>, before it starts.
    /// </summary>
    /// <returns>
    /// The plan with its new revision; or <c>unknown_plan</c>, <c>plan_changed</c> (another change was saved first:
    /// read again), <c>plan_version_too_early</c>, <c>invalid_plan</c> (every problem in the description) or
    /// <c>invalid_request</c>, having written nothing.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="version"/> is null.</exception>
    public async ValueTask<AffiliateResult<PlanDetails>> ScheduleAsync(
        PlanId planId,
        PlanVersion version,
        long expectedRevision,
        CancellationToken cancellationToken = default
    )
    {
        ArgumentNullException.ThrowIfNull(version);
        if (expectedRevision < 0)
        {
            return AffiliateResult<PlanDetails>.Failure(
                AffiliateErrorCodes.InvalidRequest,
                $"A revision is 0 or more; {expectedRevision} is not one."
            );
        }

        var found = await FindAsync(planId, cancellationToken).ConfigureAwait(false);
        if (!found.Succeeded)
        {
            return found;
        }

        var current = found.Value!;
        if (current.Revision != expectedRevision)
        {
            return Changed(planId, $"is at revision {current.Revision}, not {expectedRevision}");
        }

        if (TooEarly(current.Plan, version) is { } early)
        {
            return AffiliateResult<PlanDetails>.Failure(AffiliateErrorCodes.PlanVersionTooEarly, early);
        }

        var updated = WithVersion(current.Plan, version);
        var problems = PlanValidator.Validate(updated);
        if (problems.Count > 0)
        {
            return AffiliateResult<PlanDetails>.Failure(
                AffiliateErrorCodes.InvalidPlan,
                $"Plan '{planId}' with version {version.Number} is not valid: {string.Join(" ", problems)}"
            );
        }

        var revision = expectedRevision + 1;
        var now = _clock.GetCurrentInstant();
        IEnumerable<ProgramId> announced = current.Programs.Count > 0 ? current.Programs : [DefaultProgram];
        AffiliateEvent[] events = announced
            .Select(p => new PlanVersionScheduled(planId, version.Number, version.EffectiveFrom, revision)
            {
                OccurredAt = now,
                ProgramId = p,
            })
            .ToArray();
        var written = await _plans
            .SaveAsync(new Versioned<CommissionPlan>(updated, expectedRevision), events, cancellationToken)
            .ConfigureAwait(false);
        if (!written.Succeeded)
        {
            return Changed(planId, "was saved by someone else meanwhile");
        }

        var stored = new StoredPlan(updated, revision);
        _cache.Put(stored);
        return AffiliateResult<PlanDetails>.Success(
            current with
            {
                Plan = updated,
                Revision = revision,
                IsStored = true,
            }
        );
    }

    private string? TooEarly(CommissionPlan plan, PlanVersion version)
    {
        var now = _clock.GetCurrentInstant();
        if (version.EffectiveFrom < now)
        {
            return $"Version {version.Number} would start at {version.EffectiveFrom}, before now ({now}); "
                + "history is never rewritten, so start it in the future.";
        }

        if (version.EffectiveFrom < now + _leadTime)
        {
            return $"Version {version.Number} would start at {version.EffectiveFrom}, sooner than the lead time "
                + $"({_leadTime}) from now ({now}); start it at {now + _leadTime} or later, so that every instance "
                + "has it before it starts.";
        }

        return plan.Versions.Count > 0 && version.EffectiveFrom <= plan.Versions[^1].EffectiveFrom
            ? $"Version {version.Number} would start at {version.EffectiveFrom}, not after version "
                + $"{plan.Versions[^1].Number} ({plan.Versions[^1].EffectiveFrom}); a new version starts after "
                + "the last."
            : null;
    }

    private static CommissionPlan WithVersion(CommissionPlan plan, PlanVersion version) =>
        plan with
        {
            Versions = [.. plan.Versions, version],
        };

    /// <summary>The plans configured in code by id, with the programs that use each.</summary>
    private Dictionary<PlanId, (CommissionPlan Plan, ProgramId[] Programs)> Configured() =>
        _programs
            .All.GroupBy(p => p.Plan.Id)
            .ToDictionary(g => g.Key, g => (g.First().Plan, g.Select(p => p.Id).ToArray()));

    private static PlanDetails Details(
        PlanId id,
        StoredPlan? stored,
        Dictionary<PlanId, (CommissionPlan Plan, ProgramId[] Programs)> configured
    )
    {
        var inCode = configured.GetValueOrDefault(id);
        return stored is null
            ? new PlanDetails(inCode.Plan, 0, false, inCode.Programs)
            : new PlanDetails(stored.Plan, stored.Revision, true, inCode.Programs ?? []);
    }

    private ProgramId DefaultProgram => _programs.Find(null)?.Id ?? _programs.All.First().Id;

    private static AffiliateResult<PlanDetails> UnknownPlan(PlanId planId) =>
        AffiliateResult<PlanDetails>.Failure(
            AffiliateErrorCodes.UnknownPlan,
            $"No plan '{planId}' is configured in code or stored."
        );

    private static AffiliateResult<PlanDetails> Changed(PlanId planId, string why) =>
        AffiliateResult<PlanDetails>.Failure(
            AffiliateErrorCodes.PlanChanged,
            $"Plan '{planId}' {why}; read it again and schedule against its revision."
        );
}
