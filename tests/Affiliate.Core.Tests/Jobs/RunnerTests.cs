using System.Threading.Channels;
using Affiliate.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Affiliate.Tests.Jobs;

/// <summary>
/// The hosted runner driven by a fake TimeProvider: jobs run at start and then on their intervals as time advances;
/// a throwing job stops neither another job nor the runner; disabled jobs never run; bad options are refused with
/// what to change; shutdown cancels a running job and returns. Waits read what the jobs report (bounded by a real
/// timeout only so that a bug fails instead of hanging); nothing sleeps.
/// </summary>
public sealed class RunnerTests : IAsyncDisposable
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
    private readonly Channel<(string Job, TimeSpan At)> _runs = Channel.CreateUnbounded<(string, TimeSpan)>();
    private readonly DateTimeOffset _start;
    private ServiceProvider? _provider;

    public RunnerTests() => _start = _time.GetUtcNow();

    private AffiliateJobRunner Runner(Action<AffiliateJobsOptions> configure, params IAffiliateJob[] jobs)
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_time);
        services
            .AddAffiliates(o => o.Plan = AffiliateHost.PercentPlan(10m))
            .UseInMemoryStores()
            .AddJobs(o =>
            {
                // Only the test's own jobs run on a schedule here.
                foreach (var name in new[] { ApprovalJob.JobName, PayoutJob.JobName, OutboxJob.JobName })
                {
                    o.Job(name).Enabled = false;
                }

                configure(o);
            });
        foreach (var job in jobs)
        {
            services.AddSingleton(job);
        }

        _provider = services.BuildServiceProvider(
            new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true }
        );
        return _provider.GetRequiredService<AffiliateJobRunner>();
    }

    private IAffiliateJob Recording(string name, Func<CancellationToken, Task>? body = null) =>
        new RecordingJob(name, this, body);

    /// <summary>The next <paramref name="count"/> runs reported, as "job@minutes", in a stable order.</summary>
    private async Task<string[]> RunsAsync(int count)
    {
        var runs = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var (job, at) = await _runs.Reader.ReadAsync().AsTask().WaitAsync(Guard);
            runs.Add($"{job}@{at.TotalMinutes}");
        }

        return [.. runs.Order(StringComparer.Ordinal)];
    }

    [Fact]
    public async Task Jobs_run_at_start_then_on_their_own_intervals_as_time_advances()
    {
        var runner = Runner(
            o =>
            {
                o.Job("fast").Interval = TimeSpan.FromMinutes(1);
                o.Job("slow").Interval = TimeSpan.FromMinutes(3);
            },
            Recording("fast"),
            Recording("slow")
        );

        await runner.StartAsync(default);
        Assert.Equal(["fast@0", "slow@0"], await RunsAsync(2));

        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(["fast@1"], await RunsAsync(1));
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(["fast@2"], await RunsAsync(1));
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(["fast@3", "slow@3"], await RunsAsync(2));

        await runner.StopAsync(default);
        Assert.False(_runs.Reader.TryRead(out var extra), $"An extra run: {extra}");
    }

    [Fact]
    public async Task A_throwing_job_stops_neither_the_other_jobs_nor_itself()
    {
        var runner = Runner(
            o =>
            {
                o.Job("steady").Interval = TimeSpan.FromMinutes(1);
                o.Job("broken").Interval = TimeSpan.FromMinutes(1);
            },
            Recording("steady"),
            Recording("broken", _ => Task.FromException(new InvalidOperationException("the CRM is down")))
        );

        await runner.StartAsync(default);
        Assert.Equal(["broken@0", "steady@0"], await RunsAsync(2));
        for (var minute = 1; minute <= 3; minute++)
        {
            _time.Advance(TimeSpan.FromMinutes(1));
            Assert.Equal([$"broken@{minute}", $"steady@{minute}"], await RunsAsync(2));
        }

        Assert.False(runner.ExecuteTask!.IsCompleted);
        await runner.StopAsync(default);
    }

    [Fact]
    public async Task A_disabled_job_is_never_scheduled_but_can_be_run_once_by_name()
    {
        var runner = Runner(
            o =>
            {
                o.Job("on").Interval = TimeSpan.FromMinutes(1);
                o.Job("off").Enabled = false;
            },
            Recording("on"),
            Recording("off")
        );

        // AddAffiliates registers the core's own jobs too; of these two, only "on" is scheduled.
        Assert.Contains("on", runner.ScheduledJobs);
        Assert.DoesNotContain("off", runner.ScheduledJobs);
        await runner.StartAsync(default);
        Assert.Equal(["on@0"], await RunsAsync(1));
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(["on@1"], await RunsAsync(1));
        await runner.StopAsync(default);
        Assert.False(_runs.Reader.TryRead(out var extra), $"An extra run: {extra}");

        Assert.True((await runner.RunOnceAsync("OFF")).Ran);
        Assert.Equal(["off@1"], await RunsAsync(1));
        var unknown = await Assert.ThrowsAsync<ArgumentException>(() => runner.RunOnceAsync("of").AsTask());
        Assert.Contains("No job named 'of'", unknown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Shutdown_cancels_a_running_job_and_returns_without_waiting_for_the_next_time()
    {
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var runner = Runner(o => o.Job("stuck").Interval = TimeSpan.FromHours(1), Recording("stuck", async stopping =>
            {
                try
                {
                    await Task.Delay(Timeout.InfiniteTimeSpan, _time, stopping);
                }
                finally
                {
                    cancelled.TrySetResult();
                }
            }), Recording("idle"));

        await runner.StartAsync(default);
        Assert.Equal(["idle@0", "stuck@0"], await RunsAsync(2));

        await runner.StopAsync(default).WaitAsync(Guard);
        await cancelled.Task.WaitAsync(Guard);
        Assert.True(runner.ExecuteTask!.IsCompletedSuccessfully);
    }

    [Fact]
    public void Bad_options_are_refused_at_start_with_every_problem_and_what_to_change()
    {
        // The runner reads its options when it is made: the host fails to start, before any job runs.
        var error = Assert.Throws<OptionsValidationException>(() =>
            Runner(o =>
            {
                o.Job("outbx").Interval = TimeSpan.FromSeconds(5);
                o.Job("outbox").Interval = TimeSpan.Zero;
                o.Job("outbox").BatchSize = 0;
                o.Job("approvals").Interval = TimeSpan.FromDays(60);
            })
        );

        Assert.Equal(4, error.Failures.Count());
        string[] expected =
        [
            "AffiliateJobsOptions.Jobs[\"outbx\"] names no registered job; the jobs are: approvals, ledger-seal, "
                + "outbox, ",
            "AffiliateJobsOptions.Jobs[\"outbox\"].Interval is 00:00:00; set a positive interval",
            "AffiliateJobsOptions.Jobs[\"outbox\"].BatchSize is 0; set it to 1 or more",
            "AffiliateJobsOptions.Jobs[\"approvals\"].Interval is 60.00:00:00",
        ];
        foreach (var start in expected)
        {
            Assert.Contains(error.Failures, f => f.StartsWith(start, StringComparison.Ordinal));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_provider is not null)
        {
            await _provider.DisposeAsync();
        }
    }

    /// <summary>Reports each run (job and minutes since the start) before doing its body.</summary>
    private sealed class RecordingJob(string name, RunnerTests test, Func<CancellationToken, Task>? body)
        : IAffiliateJob
    {
        public string Name => name;

        public async ValueTask<JobRun> RunOnceAsync(CancellationToken cancellationToken)
        {
            test._runs.Writer.TryWrite((name, test._time.GetUtcNow() - test._start));
            if (body is not null)
            {
                await body(cancellationToken);
            }

            return JobRun.Done(name, 1, "ran");
        }
    }
}
