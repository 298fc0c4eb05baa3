namespace Affiliate;

/// <summary>
/// A piece of scheduled work (approving due commissions, running payouts, dispatching the outbox, closing periods,
/// evaluating tiers, click partitions and retention). Each job runs once when called, at the injected clock's now, so
/// a test drives it with a fake clock; the hosted runner calls it on an interval. Safe on many instances: a job that
/// must not run twice at once takes its job lock and reports a skipped run when another instance holds it.
/// </summary>
public interface IAffiliateJob
{
    /// <summary>
    /// The job's stable name (<c>approvals</c>, <c>payouts</c>, <c>outbox</c>, <c>period-close</c>,
    /// <c>performance-tiers</c>, <c>click-partitions</c>, <c>retention</c>): the key of its options and of its metrics.
    /// </summary>
    string Name { get; }

    /// <summary>Runs the job once and says what it did.</summary>
    ValueTask<JobRun> RunOnceAsync(CancellationToken cancellationToken);
}

/// <summary>What one run of an <see cref="IAffiliateJob"/> did.</summary>
/// <param name="Job">The job's <see cref="IAffiliateJob.Name"/>.</param>
/// <param name="Ran">False when the run did nothing on purpose (another instance holds the lock, not due yet).</param>
/// <param name="Items">How many things it processed (lines approved, payouts created, events dispatched...).</param>
/// <param name="Summary">One sentence for logs and an admin page: what happened, or why nothing did.</param>
public sealed record JobRun(string Job, bool Ran, int Items, string Summary)
{
    /// <summary>A run that did its work.</summary>
    public static JobRun Done(string job, int items, string summary) => new(job, true, items, summary);

    /// <summary>A run that did nothing on purpose, with the reason.</summary>
    public static JobRun Skipped(string job, string reason) => new(job, false, 0, reason);
}
