using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Affiliate.EntityFrameworkCore;

/// <summary>
/// <c>retention</c>: deletes the clicks older than <see cref="ClickRetentionOptions.KeepFor"/> at the clock's now
/// (<see cref="ClickPartitions.DeleteClicksOlderThanAsync"/>: whole monthly partitions dropped on PostgreSQL, rows
/// deleted on SQLite). Without <c>KeepFor</c> it keeps everything and says so.
/// </summary>
internal sealed class ClickRetentionJob(
    IServiceScopeFactory scopes,
    Func<IServiceProvider, DbContext> context,
    IOptions<ClickRetentionOptions> options
) : ClickJob(scopes, context, options)
{
    public const string JobName = "retention";

    public override string Name => JobName;

    protected override async ValueTask<JobRun> RunAsync(
        DbContext context,
        Instant now,
        CancellationToken cancellationToken
    )
    {
        if (Options.KeepFor is not { } keep)
        {
            return JobRun.Skipped(Name, "ClickRetentionOptions.KeepFor is not set: clicks are kept for ever");
        }

        var cutoff = now - keep;
        var result = await ClickPartitions
            .DeleteClicksOlderThanAsync(context, cutoff, cancellationToken)
            .ConfigureAwait(false);
        return JobRun.Done(
            Name,
            result.RowsDeleted,
            $"clicks before {cutoff} removed: {result.PartitionsDropped} partition(s) dropped, "
                + $"{result.RowsDeleted} row(s) deleted"
        );
    }
}
