using Affiliate.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Affiliate.EntityFrameworkCore.Clicks;

/// <summary>
/// <c>retention</c>: deletes the clicks older than <see cref="ClickRetentionOptions.KeepFor"/> at the clock's now
/// (<see cref="ClickPartitions.DeleteClicksOlderThanAsync"/>: whole monthly partitions dropped on PostgreSQL, rows
/// deleted on SQLite). Without <c>KeepFor</c> it keeps everything and says so. Registered by
/// <c>UseEntityFrameworkCore</c>; runs with <c>AddJobs()</c>.
/// </summary>
public sealed class ClickRetentionJob : ScopedAffiliateJob
{
    private readonly Func<IServiceProvider, DbContext> _context;
    private readonly IOptions<ClickRetentionOptions> _options;

    /// <summary>Creates the job.</summary>
    /// <param name="scopes">Makes the scope of each run.</param>
    /// <param name="context">The DbContext of a run's scope.</param>
    /// <param name="options">How long clicks are kept.</param>
    public ClickRetentionJob(
        IServiceScopeFactory scopes, Func<IServiceProvider, DbContext> context, IOptions<ClickRetentionOptions> options)
        : base(scopes)
    {
        _context = context;
        _options = options;
    }

    /// <summary>The job's name.</summary>
    public const string JobName = "retention";

    /// <inheritdoc />
    public override string Name => JobName;

    /// <inheritdoc />
    protected override async ValueTask<JobRun> RunAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        if (_options.Value.KeepFor is not { } keep)
        {
            return JobRun.Skipped(Name, "ClickRetentionOptions.KeepFor is not set: clicks are kept for ever");
        }

        var cutoff = services.GetRequiredService<IClock>().GetCurrentInstant() - keep;
        var result = await ClickPartitions.DeleteClicksOlderThanAsync(_context(services), cutoff, cancellationToken)
            .ConfigureAwait(false);
        return JobRun.Done(
            Name,
            result.RowsDeleted,
            $"clicks before {cutoff} removed: {result.PartitionsDropped} partition(s) dropped, "
                + $"{result.RowsDeleted} row(s) deleted");
    }
}
