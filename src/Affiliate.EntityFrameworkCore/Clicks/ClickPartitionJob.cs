using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Affiliate.EntityFrameworkCore;

/// <summary>
/// <c>click-partitions</c>: on PostgreSQL, makes sure the clicks table has a partition for the current UTC month and
/// the <see cref="ClickRetentionOptions.MonthsAhead"/> after it (<see cref="ClickPartitions.EnsureMonthsAsync"/>); on
/// SQLite it has nothing to do.
/// </summary>
internal sealed class ClickPartitionJob(
    IServiceScopeFactory scopes,
    Func<IServiceProvider, DbContext> context,
    IOptions<ClickRetentionOptions> options
) : ClickJob(scopes, context, options)
{
    public const string JobName = "click-partitions";

    public override string Name => JobName;

    protected override async ValueTask<JobRun> RunAsync(
        DbContext context,
        Instant now,
        CancellationToken cancellationToken
    )
    {
        var created = await ClickPartitions
            .EnsureMonthsAsync(context, now, Options.MonthsAhead, cancellationToken)
            .ConfigureAwait(false);
        return JobRun.Done(
            Name,
            created.Count,
            created.Count == 0
                ? "every partition existed (or the provider has none)"
                : $"created {string.Join(", ", created)}"
        );
    }
}
