using Affiliate.AspNetCore.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Affiliate.AspNetCore.Tests.Outgoing;

/// <summary>
/// A test host whose outgoing clients talk to a <see cref="RecordingHandler"/>, with the outbox and approval jobs off
/// so that each test dispatches the outbox (and approves) itself, deterministically, as the jobs would.
/// </summary>
internal static class OutgoingHost
{
    public static async Task<(TestHost Host, RecordingHandler Network)> StartAsync(
        Action<AffiliateWebOptions>? web = null,
        Action<AffiliateOptions>? affiliates = null,
        string? postgres = null
    )
    {
        var network = new RecordingHandler();
        var host = await TestHost.StartAsync(
            new TestHostSetup
            {
                PostgresConnectionString = postgres,
                BulkClicks = false,
                Web = web,
                Affiliates = affiliates,
                Services = services =>
                {
                    services.Configure<AffiliateJobsOptions>(o =>
                    {
                        o.Job(OutboxJob.JobName).Enabled = false;
                        o.Job(ApprovalJob.JobName).Enabled = false;
                    });
                    services
                        .AddHttpClient(OutgoingRegistration.WebhookClient)
                        .ConfigurePrimaryHttpMessageHandler(() => network);
                    services
                        .AddHttpClient(OutgoingRegistration.PostbackClient)
                        .ConfigurePrimaryHttpMessageHandler(() => network);
                },
            }
        );
        return (host, network);
    }

    /// <summary>Runs the outbox once, as its job would.</summary>
    public static Task<OutboxRun> DispatchAsync(this TestHost host) =>
        host.InScopeAsync(async services => await services.GetRequiredService<OutboxDispatcher>().DispatchAsync());
}
