using Affiliate.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Affiliate.EntityFrameworkCore.Clicks;

/// <summary>
/// <c>click-partitions</c>: on PostgreSQL, makes sure the clicks table has a partition for the current UTC month and
/// the <see cref="ClickRetentionOptions.MonthsAhead"/> after it (<see cref="ClickPartitions.EnsureMonthsAsync"/>); on
/// SQLite it has nothing to do. Registered by <c>UseEntityFrameworkCore</c>; runs with <c>AddJobs()</c>.
/// </summary>
public sealed class ClickPartitionJob : ScopedAffiliateJob
{
    private readonly Func<IServiceProvider, DbContext> _context;
    private readonly IOptions<ClickRetentionOptions> _options;

    /// <summary>Creates the job.</summary>
    /// <param name="scopes">Makes the scope of each run.</param>
    /// <param name="context">The DbContext of a run's scope.</param>
    /// <param name="options">How many months ahead.</param>
    public ClickPartitionJob(
        IServiceScopeFactory scopes, Func<IServiceProvider, DbContext> context, IOptions<ClickRetentionOptions> options)
        : base(scopes)
    {
        _context = context;
        _options = options;
    }

    /// <summary>The job's name.</summary>
    public const string JobName = "click-partitions";

    /// <inheritdoc />
    public override string Name => JobName;

    /// <inheritdoc />
    protected override async ValueTask<JobRun> RunAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var now = services.GetRequiredService<IClock>().GetCurrentInstant();
        var created = await ClickPartitions.EnsureMonthsAsync(
            _context(services), now, _options.Value.MonthsAhead, cancellationToken).ConfigureAwait(false);
        return JobRun.Done(
            Name,
            created.Count,
            created.Count == 0
                ? "every partition existed (or the provider has none)"
                : $"created {string.Join(", ", created)}");
    }
}
