using Affiliate.Stores;
using Microsoft.Extensions.Options;

namespace Affiliate;

/// <summary>
/// The configured programs, and their current plans. Precedence: a program's plan is the plan configured in code
/// (<see cref="AffiliateOptions.Plan"/> or <see cref="AffiliateOptions.Programs"/>) until a plan with the same id is
/// stored in the <see cref="IPlanStore"/> (by <see cref="PlanDirectory.ScheduleAsync"/>); from then on the stored plan,
/// with every version, is used and later edits of that plan in code are ignored. Stored plans are read through the
/// <see cref="PlanCache"/>. Thread-safe.
/// </summary>
public sealed class ProgramCatalog
{
    private readonly Lazy<IReadOnlyDictionary<ProgramId, AffiliateProgram>> _programs;
    private readonly Lazy<ProgramId> _default;
    private readonly IPlanStore _plans;
    private readonly PlanCache _cache;

    /// <summary>Creates the catalog from options.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public ProgramCatalog(IOptions<AffiliateOptions> options, IPlanStore plans, PlanCache cache)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(plans);
        ArgumentNullException.ThrowIfNull(cache);
        _plans = plans;
        _cache = cache;
        _programs = new(() => options.Value.BuildPrograms().ToDictionary(p => p.Id));
        _default = new(() =>
            options.Value.Programs.Count > 0
                ? options.Value.Programs[0].Id
                : new ProgramId(options.Value.DefaultProgramId)
        );
    }

    /// <summary>Every configured program.</summary>
    public IReadOnlyCollection<AffiliateProgram> All => _programs.Value.Values.ToArray();

    /// <summary>The program with an id (the default program when null), or null when there is none.</summary>
    public AffiliateProgram? Find(ProgramId? id) => _programs.Value.GetValueOrDefault(id ?? _default.Value);

    /// <summary>
    /// The program with its current plan (a stored plan with the same id wins, read through the
    /// <see cref="PlanCache"/>), or null when the id is unknown.
    /// </summary>
    public async ValueTask<AffiliateProgram?> ResolveAsync(ProgramId? id, CancellationToken cancellationToken)
    {
        var program = Find(id);
        if (program is null)
        {
            return null;
        }

        var stored = await _cache.GetAsync(_plans, program.Plan.Id, cancellationToken).ConfigureAwait(false);
        return stored is null ? program : program with { Plan = stored.Plan };
    }

    /// <summary>The failure for an unknown program id.</summary>
    internal static AffiliateResult<T> Unknown<T>(ProgramId? id) =>
        AffiliateResult<T>.Failure(
            AffiliateErrorCodes.UnknownProgram,
            $"No program '{id}' is configured; add it to AffiliateOptions.Programs."
        );
}
