using Affiliate;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

// In Microsoft.Extensions.DependencyInjection so that AddJobs needs no extra using, as AddAffiliates.
#pragma warning disable IDE0130
namespace Microsoft.Extensions.DependencyInjection;

#pragma warning restore IDE0130

/// <summary>Registers the scheduled jobs and their hosted runner.</summary>
public static class AffiliateJobsExtensions
{
    /// <summary>
    /// Runs the library's jobs in the background while the host runs (the generic host of a worker service, or ASP.NET
    /// Core): <c>approvals</c>, <c>payouts</c>, <c>outbox</c>, <c>ledger-seal</c>, plus the jobs other packages and the
    /// host register as <see cref="IAffiliateJob"/> (the Entity Framework Core store adds <c>click-partitions</c> and
    /// <c>retention</c>). Options are checked when the host starts. Calling it again only applies more settings.
    /// </summary>
    /// <example><code>
    /// var builder = Host.CreateApplicationBuilder(args);
    /// builder.Services.AddAffiliates(o => { ... })
    ///     .UseEntityFrameworkCore&lt;ShopDbContext&gt;()
    ///     .AddJobs(jobs => jobs.Job("outbox").Interval = TimeSpan.FromSeconds(5));
    /// await builder.Build().RunAsync();
    /// </code></example>
    public static AffiliateBuilder AddJobs(
        this AffiliateBuilder builder,
        Action<AffiliateJobsOptions>? configure = null
    )
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        AddJobTypes(services);
        var options = services.AddOptions<AffiliateJobsOptions>().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(
            ServiceDescriptor.Singleton<IValidateOptions<AffiliateJobsOptions>, AffiliateJobsOptionsValidator>()
        );
        services.TryAddSingleton<AffiliateJobRunner>();
        services.TryAddEnumerable(
            ServiceDescriptor.Singleton<IHostedService, AffiliateJobRunner>(sp =>
                sp.GetRequiredService<AffiliateJobRunner>()
            )
        );
        return builder;
    }

    /// <summary>
    /// The core's jobs, registered by <c>AddAffiliates</c> too, so that a script can run one once without the runner.
    /// </summary>
    internal static void AddJobTypes(IServiceCollection services)
    {
        services.AddOptions<AffiliateJobsOptions>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAffiliateJob, ApprovalJob>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAffiliateJob, PayoutJob>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAffiliateJob, OutboxJob>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAffiliateJob, LedgerSealJob>());
    }
}
