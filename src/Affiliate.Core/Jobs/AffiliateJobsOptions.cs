namespace Affiliate;

/// <summary>
/// Settings of the hosted job runner (<c>services.AddAffiliates(...).AddJobs(o => ...)</c>), per job name. A job
/// without an entry runs with its default interval (<see cref="DefaultInterval"/>). Checked when the host starts,
/// with every problem listed and what to change.
/// </summary>
/// <example><code>
/// services.AddAffiliates(o => { ... }).UseEntityFrameworkCore&lt;ShopDbContext&gt;().AddJobs(jobs =>
/// {
///     jobs.Job("outbox").Interval = TimeSpan.FromSeconds(5);
///     jobs.Job("outbox").BatchSize = 500;
///     jobs.Job("retention").Enabled = false;
/// });
/// </code>
/// Or from configuration (<c>"Affiliates:Jobs": { "Jobs": { "payouts": { "Interval": "00:15:00" } } }</c>), bound with
/// <c>services.Configure&lt;AffiliateJobsOptions&gt;(configuration.GetSection("Affiliates:Jobs"))</c>.
/// </example>
public sealed class AffiliateJobsOptions
{
    /// <summary>The longest interval: a timer cannot wait longer than about 49 days.</summary>
    public static readonly TimeSpan MaxInterval = TimeSpan.FromDays(49);

    /// <summary>Settings per job name (case-insensitive); a job without an entry runs with its defaults.</summary>
    public IDictionary<string, JobOptions> Jobs { get; } =
        new Dictionary<string, JobOptions>(StringComparer.OrdinalIgnoreCase);

    /// <summary>The settings of a job, added (enabled, with its default interval) when it has none yet.</summary>
    public JobOptions Job(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!Jobs.TryGetValue(name, out var job))
        {
            Jobs[name] = job = new JobOptions();
        }

        return job;
    }

    /// <summary>
    /// The interval a job runs on when its options set none: <c>outbox</c> 10 seconds, <c>webhook-inbox</c> and
    /// <c>ledger-seal</c> 1 minute, <c>approvals</c> 5 minutes, <c>payouts</c> 1 hour (each run pays on payout dates
    /// only), <c>click-partitions</c> and <c>retention</c> 1 day, any other job 1 hour.
    /// </summary>
    public static TimeSpan DefaultInterval(string name) =>
        name switch
        {
            OutboxJob.JobName => TimeSpan.FromSeconds(10),
            ApprovalJob.JobName => TimeSpan.FromMinutes(5),
            LedgerSealJob.JobName => TimeSpan.FromMinutes(1),
            WebhookInboxJob.JobName => TimeSpan.FromMinutes(1),
            "click-partitions" or "retention" => TimeSpan.FromDays(1),
            _ => TimeSpan.FromHours(1),
        };

    /// <summary>Whether a job runs on its interval (true unless its options say otherwise).</summary>
    public bool IsEnabled(string name) => !Jobs.TryGetValue(name, out var job) || job.Enabled;

    /// <summary>The interval a job runs on: its options' or its default.</summary>
    public TimeSpan IntervalOf(string name) =>
        Jobs.TryGetValue(name, out var job) && job.Interval is { } interval ? interval : DefaultInterval(name);

    /// <summary>The batch size of a job that works in batches: its options', else 100.</summary>
    public int BatchSizeOf(string name) =>
        Jobs.TryGetValue(name, out var job) && job.BatchSize is { } size ? size : JobOptions.DefaultBatchSize;

    /// <summary>
    /// Every problem with these options, each saying what to change; empty when they are valid.
    /// </summary>
    /// <param name="registered">The names of the registered jobs, so that a misspelt name is caught.</param>
    public IEnumerable<string> Validate(IReadOnlyCollection<string> registered)
    {
        ArgumentNullException.ThrowIfNull(registered);
        foreach (var (name, job) in Jobs.OrderBy(j => j.Key, StringComparer.Ordinal))
        {
            var path = $"AffiliateJobsOptions.Jobs[\"{name}\"]";
            if (!registered.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                yield return $"{path} names no registered job; the jobs are: {string.Join(", ", registered.Order())}. "
                    + "Fix the name, or register the job (a store adapter adds its own jobs).";
            }

            if (job is null)
            {
                yield return $"{path} is null; remove the entry or set it to new JobOptions().";
                continue;
            }

            if (job.Interval is { } interval && (interval <= TimeSpan.Zero || interval > MaxInterval))
            {
                yield return $"{path}.Interval is {interval}; set a positive interval of at most 49 days "
                    + $"(e.g. {DefaultInterval(name)}, its default), or Enabled = false to stop the job.";
            }

            if (job.BatchSize is < 1)
            {
                yield return $"{path}.BatchSize is {job.BatchSize}; set it to 1 or more, or null for the default "
                    + $"({JobOptions.DefaultBatchSize}).";
            }
        }

        foreach (var twice in registered.GroupBy(n => n, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            yield return $"{twice.Count()} registered jobs are named '{twice.Key}'; "
                + "give each IAffiliateJob its own Name.";
        }
    }
}

/// <summary>The settings of one job.</summary>
public sealed class JobOptions
{
    /// <summary>The batch size of a job that works in batches when none is set.</summary>
    public const int DefaultBatchSize = 100;

    /// <summary>Whether the runner runs the job (true by default). A disabled job can still be run once by
    /// hand.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How long from the start of one run to the next; null for the job's default.</summary>
    public TimeSpan? Interval { get; set; }

    /// <summary>
    /// How many items one batch takes, for jobs that work in batches (<c>outbox</c>: events per read, default 100;
    /// <c>ledger-seal</c>: lines per batch, default 500); null for the default. Jobs that do not batch ignore it.
    /// </summary>
    public int? BatchSize { get; set; }
}
