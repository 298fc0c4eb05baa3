using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Affiliate.EntityFrameworkCore;

/// <summary>
/// The base of the jobs on the clicks table (<c>click-partitions</c>, <c>retention</c>): each run works on the
/// DbContext of its own scope, at the clock's now, with the <see cref="ClickRetentionOptions"/>. Registered by
/// <c>UseEntityFrameworkCore</c>; run by <c>AddJobs()</c> or once by hand.
/// </summary>
internal abstract class ClickJob(
    IServiceScopeFactory scopes,
    Func<IServiceProvider, DbContext> context,
    IOptions<ClickRetentionOptions> options
) : ScopedAffiliateJob(scopes)
{
    protected ClickRetentionOptions Options => options.Value;

    /// <inheritdoc />
    protected override ValueTask<JobRun> RunAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        RunAsync(context(services), services.GetRequiredService<IClock>().GetCurrentInstant(), cancellationToken);

    /// <summary>Does the work on the run's context at <paramref name="now"/>.</summary>
    protected abstract ValueTask<JobRun> RunAsync(DbContext context, Instant now, CancellationToken cancellationToken);
}
