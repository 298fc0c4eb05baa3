using Affiliate.Commissions;
using Affiliate.Hosting;
using Affiliate.Stores;
using Microsoft.Extensions.Options;

namespace Affiliate.Programs;

/// <summary>
/// The configured programs, and their current plans: a plan saved in the <see cref="IPlanStore"/> (a new version added
/// at run time) wins over the one configured in code. Thread-safe.
/// </summary>
public sealed class ProgramCatalog
{
    private readonly Lazy<IReadOnlyDictionary<ProgramId, AffiliateProgram>> _programs;
    private readonly Lazy<ProgramId> _default;
    private readonly IPlanStore _plans;

    /// <summary>Creates the catalog from options.</summary>
    public ProgramCatalog(IOptions<AffiliateOptions> options, IPlanStore plans)
    {
        ArgumentNullException.ThrowIfNull(options);
        _plans = plans;
        _programs = new(() => options.Value.BuildPrograms().ToDictionary(p => p.Id));
        _default = new(() => options.Value.Programs.Count > 0 ? options.Value.Programs[0].Id : new ProgramId(options.Value.DefaultProgramId));
    }

    /// <summary>Every configured program.</summary>
    public IReadOnlyCollection<AffiliateProgram> All => _programs.Value.Values.ToArray();

    /// <summary>The program with an id (the default program when null), or null when there is none.</summary>
    public AffiliateProgram? Find(ProgramId? id) => _programs.Value.GetValueOrDefault(id ?? _default.Value);

    /// <summary>The program with its current plan (stored plans win), or null when the id is unknown.</summary>
    public async ValueTask<AffiliateProgram?> ResolveAsync(ProgramId? id, CancellationToken cancellationToken)
    {
        var program = Find(id);
        if (program is null)
        {
            return null;
        }

        var stored = await _plans.FindAsync(program.Plan.Id, cancellationToken).ConfigureAwait(false);
        return stored is null ? program : program with { Plan = stored };
    }

    /// <summary>The failure for an unknown program id.</summary>
    internal static AffiliateResult<T> Unknown<T>(ProgramId? id) =>
        AffiliateResult<T>.Failure(AffiliateErrorCodes.UnknownProgram, $"No program '{id}' is configured; add it to AffiliateOptions.Programs.");
}
