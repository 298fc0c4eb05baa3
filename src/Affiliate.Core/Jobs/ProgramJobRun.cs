using System.Globalization;
using Affiliate.Stores;
using Microsoft.Extensions.DependencyInjection;

namespace Affiliate;

/// <summary>
/// One run of a job that works program by program (period close, performance tiers): timed, traced and counted, in a
/// scope of its own, under the job's lock when the store has locks (other instances skip), over every configured
/// program with its current plan.
/// </summary>
internal sealed class ProgramJobRun(
    string job,
    IServiceScopeFactory scopes,
    IClock clock,
    TimeProvider time,
    AffiliateDiagnostics diagnostics
)
{
    /// <summary>What the job does for one program, or null when the program has nothing for it.</summary>
    public delegate ValueTask<int?> PerProgram(
        IServiceProvider services,
        AffiliateProgram program,
        Instant now,
        CancellationToken cancellationToken
    );

    /// <summary>Runs <paramref name="perProgram"/> for every program and sums what it did.</summary>
    /// <param name="perProgram">The work for one program.</param>
    /// <param name="busy">The summary when another instance holds the lock.</param>
    /// <param name="nothing">The summary when no program had anything for the job.</param>
    /// <param name="done">What the items were (for example "adjustment lines written").</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    public async ValueTask<JobRun> RunAsync(
        PerProgram perProgram,
        string busy,
        string nothing,
        string done,
        CancellationToken cancellationToken
    )
    {
        var started = time.GetTimestamp();
        using var activity = diagnostics.Start("affiliate.job." + job, null);
        var run = await RunLockedAsync(perProgram, busy, nothing, done, cancellationToken).ConfigureAwait(false);
        activity?.SetTag("affiliate.outcome", run.Ran ? "ran" : "skipped");
        activity?.SetTag("affiliate.items", run.Items);
        diagnostics.JobRun(job, time.GetElapsedTime(started), run.Ran);
        return run;
    }

    private async ValueTask<JobRun> RunLockedAsync(
        PerProgram perProgram,
        string busy,
        string nothing,
        string done,
        CancellationToken cancellationToken
    )
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var locks = services.GetService<IJobLockStore>();
        await using var held = locks is null
            ? null
            : await locks.TryAcquireAsync(job, cancellationToken).ConfigureAwait(false);
        if (locks is not null && held is null)
        {
            return JobRun.Skipped(job, busy);
        }

        var now = clock.GetCurrentInstant();
        var catalog = services.GetRequiredService<ProgramCatalog>();
        var items = 0;
        var programs = new List<string>();
        foreach (var configured in catalog.All)
        {
            var program = await catalog.ResolveAsync(configured.Id, cancellationToken).ConfigureAwait(false);
            var count = program is null
                ? null
                : await perProgram(services, program, now, cancellationToken).ConfigureAwait(false);
            if (count is not null)
            {
                items += count.Value;
                programs.Add(program!.Id.Value);
            }
        }

        return programs.Count == 0
            ? JobRun.Done(job, 0, nothing)
            : JobRun.Done(
                job,
                items,
                string.Create(CultureInfo.InvariantCulture, $"Programs {string.Join(", ", programs)}: {items} {done}.")
            );
    }
}
