using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Affiliate;

/// <summary>
/// Runs every registered <see cref="IAffiliateJob"/> on its interval (<see cref="AffiliateJobsOptions"/>) while the
/// host runs: each enabled job once at start, then every interval from the start of its previous run. Each job runs on
/// its own schedule, so a slow job delays no other; a job that throws is logged and runs again at its next time, and
/// neither it nor the host stops. A run that falls behind (a run longer than the interval) is followed by one run at
/// once, not by one per missed interval. Waiting goes through the host's <see cref="TimeProvider"/>, so a fake one
/// drives it in tests. On shutdown the running jobs are cancelled and the runner stops without waiting for the next
/// time. Safe on many instances: the jobs take their locks.
/// </summary>
/// <remarks>
/// Registered by <c>AddJobs()</c> as a hosted service and as itself, so a script or an admin page can run a job once
/// with <see cref="RunOnceAsync"/>.
/// </remarks>
public sealed partial class AffiliateJobRunner : BackgroundService
{
    private readonly IAffiliateJob[] _jobs;
    private readonly AffiliateJobsOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<AffiliateJobRunner> _logger;

    /// <summary>Creates the runner; reading the options validates them.</summary>
    public AffiliateJobRunner(
        IEnumerable<IAffiliateJob> jobs,
        IOptions<AffiliateJobsOptions> options,
        TimeProvider time,
        ILogger<AffiliateJobRunner> logger
    )
    {
        ArgumentNullException.ThrowIfNull(jobs);
        ArgumentNullException.ThrowIfNull(options);
        _jobs = jobs.ToArray();
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    /// <summary>The names of the jobs the runner runs on an interval: the registered ones not disabled.</summary>
    public IReadOnlyList<string> ScheduledJobs =>
        _jobs.Where(j => _options.IsEnabled(j.Name)).Select(j => j.Name).ToArray();

    /// <summary>
    /// Runs one job once now, whether or not it is enabled (for scripts, admin pages, tests); a failure is logged and
    /// thrown.
    /// </summary>
    /// <exception cref="ArgumentException">No registered job has that name.</exception>
    public async ValueTask<JobRun> RunOnceAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var job = _jobs.FirstOrDefault(j => string.Equals(j.Name, name, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException(
                $"No job named '{name}' is registered; the jobs are: {string.Join(", ", _jobs.Select(j => j.Name))}.",
                nameof(name)
            );
        return await RunAsync(job, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        foreach (var job in _jobs.Where(j => !_options.IsEnabled(j.Name)))
        {
            LogDisabled(_logger, job.Name);
        }

        // One loop per job, each on the thread pool: a job that blocks before its first await holds back no other.
        var loops = _jobs
            .Where(j => _options.IsEnabled(j.Name))
            .Select(j =>
                Task.Run(() => ScheduleAsync(j, _options.IntervalOf(j.Name), stoppingToken), CancellationToken.None)
            );
        return Task.WhenAll(loops);
    }

    private async Task ScheduleAsync(IAffiliateJob job, TimeSpan interval, CancellationToken stoppingToken)
    {
        LogScheduled(_logger, job.Name, interval);
        var due = _time.GetUtcNow();
        while (!stoppingToken.IsCancellationRequested)
        {
            // Behind (the last run outlasted its interval): one run at once, not one per missed interval.
            var now = _time.GetUtcNow();
            if (due < now)
            {
                due = now;
            }

            due += interval;

            // The next run's timer starts before this run: time that passes while the job runs counts toward the
            // interval, and a clock that moves the moment the run has reported (a test's fake clock) finds the timer
            // already set, instead of a timer set after the move that would wait a whole interval more.
            var next = Task.Delay(due - now, _time, stoppingToken);
            try
            {
                await RunAsync(job, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception)
            {
                // Logged by RunAsync; the job runs again at its next time.
            }

            try
            {
                await next.ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async ValueTask<JobRun> RunAsync(IAffiliateJob job, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        try
        {
            var run = await job.RunOnceAsync(cancellationToken).ConfigureAwait(false);
            var elapsed = _time.GetElapsedTime(started).TotalMilliseconds;
            if (run.Ran)
            {
                LogRan(_logger, job.Name, run.Items, run.Summary, elapsed);
            }
            else
            {
                LogSkipped(_logger, job.Name, run.Summary);
            }

            return run;
        }
        catch (Exception exception)
            when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogFailed(_logger, exception, job.Name, _time.GetElapsedTime(started).TotalMilliseconds);
            throw;
        }
    }

    [LoggerMessage(EventId = 1801, Level = LogLevel.Information, Message = "Job {Job} runs every {Interval}")]
    private static partial void LogScheduled(ILogger logger, string job, TimeSpan interval);

    [LoggerMessage(
        EventId = 1802,
        Level = LogLevel.Information,
        Message = "Job {Job} is disabled in AffiliateJobsOptions; it runs only when run by hand"
    )]
    private static partial void LogDisabled(ILogger logger, string job);

    [LoggerMessage(
        EventId = 1803,
        Level = LogLevel.Information,
        Message = "Job {Job} ran: {Items} item(s), {Summary} ({ElapsedMs} ms)"
    )]
    private static partial void LogRan(ILogger logger, string job, int items, string summary, double elapsedMs);

    [LoggerMessage(EventId = 1804, Level = LogLevel.Debug, Message = "Job {Job} skipped: {Reason}")]
    private static partial void LogSkipped(ILogger logger, string job, string reason);

    [LoggerMessage(
        EventId = 1805,
        Level = LogLevel.Error,
        Message = "Job {Job} failed after {ElapsedMs} ms; it runs again at its next time"
    )]
    private static partial void LogFailed(ILogger logger, Exception exception, string job, double elapsedMs);
}
