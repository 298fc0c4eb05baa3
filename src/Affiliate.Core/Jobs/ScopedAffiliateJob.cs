using Affiliate.Stores;
using Microsoft.Extensions.DependencyInjection;

namespace Affiliate;

/// <summary>
/// A base for jobs that work through scoped services (stores, engines): each run gets a scope of its own, takes the
/// job's lock (<see cref="IJobLockStore"/>, when the store has one) and reports a skipped run when another instance
/// holds it. Register the job as a singleton <see cref="IAffiliateJob"/>.
/// </summary>
/// <param name="scopes">Makes the scope of each run.</param>
public abstract class ScopedAffiliateJob(IServiceScopeFactory scopes) : IAffiliateJob
{
    /// <inheritdoc />
    public abstract string Name { get; }

    /// <summary>
    /// The job lock a run takes (<c>job:</c> and the name by default), or null for a job whose engine takes its own
    /// lock and reports a skipped run itself.
    /// </summary>
    protected virtual string? LockName => "job:" + Name;

    /// <inheritdoc />
    public async ValueTask<JobRun> RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        // Every run is measured where it runs (the runner, a script, a test): jobs.runs and jobs.duration.
        var diagnostics = services.GetRequiredService<AffiliateDiagnostics>();
        var time = services.GetRequiredService<TimeProvider>();
        var started = time.GetTimestamp();
        using var activity = diagnostics.Start("affiliate.job." + Name, null);
        var run = await RunLockedAsync(services, cancellationToken).ConfigureAwait(false);
        activity?.SetTag("affiliate.outcome", run.Ran ? "ran" : "skipped");
        activity?.SetTag("affiliate.items", run.Items);
        diagnostics.JobRun(Name, time.GetElapsedTime(started), run.Ran);
        return run;
    }

    private async ValueTask<JobRun> RunLockedAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var locks = LockName is null ? null : services.GetService<IJobLockStore>();
        await using var held = locks is null
            ? null
            : await locks.TryAcquireAsync(LockName!, cancellationToken).ConfigureAwait(false);
        if (locks is not null && held is null)
        {
            return JobRun.Skipped(Name, "another instance is running it");
        }

        return await RunAsync(services, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Does the work, with the run's scoped services, while holding the job's lock.</summary>
    protected abstract ValueTask<JobRun> RunAsync(IServiceProvider services, CancellationToken cancellationToken);
}
