using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Affiliate.AspNetCore;
using Affiliate.EntityFrameworkCore;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

// The reliability host: the library as a shop wires it (EF Core stores on SQLite or PostgreSQL, the bulk click writer,
// tracking, webhooks, the admin API), started by the reliability tests as a separate OS process. Settings (command
// line): --provider sqlite|postgresql, --database <file or connection string>, --admin-token, --postback-secret,
// --partners <count>, --click-queue-capacity, --click-buffer-capacity. It prints "LISTENING <url>" once it accepts
// requests. The scheduled jobs are off: the test runs each one over HTTP when its scenario needs it.
var startup = System.Diagnostics.Stopwatch.StartNew();
var builder = WebApplication.CreateBuilder(args);
builder.Logging.ClearProviders();
builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
var settings = HostSettings.From(builder.Configuration);
builder.Services.AddDbContext<ReliabilityDbContext>(o =>
{
    if (settings.Postgres)
    {
        o.UseNpgsql(settings.Database);
    }
    else
    {
        o.UseSqlite("Data Source=" + settings.Database);
    }
});
builder.Services.AddAuthorization(o =>
    o.AddPolicy("AffiliateAdmin", p => p.RequireClaim(AdminToken.Claim, AdminToken.Value))
);
builder
    .Services.AddAffiliates(o =>
    {
        o.IpHashKey = "reliability-host-key-only-for-the-tests-0123456789";
        o.Plan = ReliabilityShop.Plan();
        o.HoldPeriod = Duration.Zero; // lines are due at once, so the approval run has work without moving a clock
        ReliabilityShop.QuietFraudRules(o.Fraud);
    })
    .UseBulkClickWriter<ReliabilityDbContext>(o => o.Capacity = settings.ClickBufferCapacity)
    .UseAspNetCore(web =>
    {
        web.Webhooks.PostbackSecrets.Add(settings.PostbackSecret);
        web.Tracking.ClickQueueCapacity = settings.ClickQueueCapacity;
    })
    .ValidateOnStart();

// Every scheduled job off: the test decides when approvals, payouts and the inbox run (and kills the process then).
builder
    .Services.AddOptions<AffiliateJobsOptions>()
    .PostConfigure<IEnumerable<IAffiliateJob>>(
        (jobs, registered) =>
        {
            foreach (var job in registered)
            {
                jobs.Job(job.Name).Enabled = false;
            }
        }
    );

var app = builder.Build();
var built = startup.Elapsed;
await ReliabilityShop.PrepareAsync(app.Services, settings.Partners);
var prepared = startup.Elapsed;

// The admin is whoever presents the token this process was started with: a fixed bearer only the test knows.
app.Use(
    (context, next) =>
    {
        if (AdminToken.Matches(context.Request.Headers.Authorization.ToString(), settings.AdminToken))
        {
            context.User = new ClaimsPrincipal(
                new ClaimsIdentity(
                    [new Claim(ClaimTypes.Name, "reliability-test"), new Claim(AdminToken.Claim, AdminToken.Value)],
                    "ReliabilityToken"
                )
            );
        }

        return next(context);
    }
);
app.UseAuthorization();
app.UseAffiliateTracking();
app.MapAffiliateEndpoints();
app.MapGet("/", () => Results.Content(ReliabilityShop.Page, "text/html; charset=utf-8"));
app.MapGet("/reliability/ready", () => Results.Text("ready"));
app.MapPost("/reliability/jobs/{name}", async (HttpContext context, string name, AffiliateJobRunner runner) =>
{
    if (!AdminToken.Matches(context.Request.Headers.Authorization.ToString(), settings.AdminToken))
    {
        return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "admin token required");
    }

    if (!runner.ScheduledJobs.Concat(Registered(context)).Contains(name, StringComparer.OrdinalIgnoreCase))
    {
        return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"no job named '{name}'");
    }

    var run = await runner.RunOnceAsync(name, context.RequestAborted);
    return Results.Json(
        new
        {
            run.Job,
            run.Ran,
            run.Items,
            run.Summary,
            processId = Environment.ProcessId,
        }
    );
});

// Answers once every click acknowledged so far is written: the tracking queue handed it on, the bulk writer flushed
// it. The tests await this instead of polling the database for a flush.
app.MapPost("/reliability/drain", async (HttpContext context, TrackingClickQueue queue, BulkClickWriter writer) =>
{
    if (!AdminToken.Matches(context.Request.Headers.Authorization.ToString(), settings.AdminToken))
    {
        return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "admin token required");
    }

    await queue.WhenIdleAsync(context.RequestAborted);
    await writer.FlushAsync(context.RequestAborted);
    return Results.Text("drained");
});
app.Lifetime.ApplicationStarted.Register(() =>
{
    var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>();
    Console.Out.WriteLine(
        string.Create(
            CultureInfo.InvariantCulture,
            $"STARTUP built {built.TotalMilliseconds:0} ms, prepared {prepared.TotalMilliseconds:0} ms, "
                + $"listening {startup.Elapsed.TotalMilliseconds:0} ms"
        )
    );
    Console.Out.WriteLine("LISTENING " + addresses?.Addresses.FirstOrDefault());
    Console.Out.Flush();
});
await app.RunAsync();

static IEnumerable<string> Registered(HttpContext context) =>
    context.RequestServices.GetServices<IAffiliateJob>().Select(j => j.Name);

/// <summary>The host's DbContext: the library's tables only.</summary>
internal sealed class ReliabilityDbContext(DbContextOptions<ReliabilityDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.UseAffiliates();
}

/// <summary>The command line of the host.</summary>
internal sealed record HostSettings(
    bool Postgres,
    string Database,
    string AdminToken,
    string PostbackSecret,
    int Partners,
    int ClickQueueCapacity,
    int ClickBufferCapacity
)
{
    public static HostSettings From(IConfiguration configuration) =>
        new(
            string.Equals(configuration["provider"], "postgresql", StringComparison.OrdinalIgnoreCase),
            configuration["database"] ?? throw new InvalidOperationException("--database is required"),
            configuration["admin-token"] ?? throw new InvalidOperationException("--admin-token is required"),
            configuration["postback-secret"] ?? throw new InvalidOperationException("--postback-secret is required"),
            configuration.GetValue("partners", 4),
            configuration.GetValue("click-queue-capacity", 10_000),
            configuration.GetValue("click-buffer-capacity", 10_000)
        );
}

/// <summary>The admin token check: a constant-time comparison of <c>Authorization: Bearer TOKEN</c>.</summary>
internal static class AdminToken
{
    public const string Claim = "reliability-admin";
    public const string Value = "yes";

    public static bool Matches(string header, string token)
    {
        const string prefix = "Bearer ";
        if (!header.StartsWith(prefix, StringComparison.Ordinal))
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(
            Encoding.UTF8.GetBytes(header[prefix.Length..]),
            Encoding.UTF8.GetBytes(token)
        );
    }
}

/// <summary>The host's fixed parts: the page, the partners (P01, P02, ...) and the plan (10% of every sale).</summary>
internal static class ReliabilityShop
{
    public const string Page =
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Reliability shop</title></head>"
        + "<body><h1>Reliability shop</h1></body></html>";

    public static CommissionPlan Plan() =>
        new()
        {
            Id = new PlanId("reliability"),
            Name = "Reliability",
            Currency = Currency.EUR,
            Versions =
            [
                new PlanVersion
                {
                    Number = 1,
                    EffectiveFrom = Instant.FromUtc(2000, 1, 1, 0, 0),
                    Rules = [new CommissionRule { Id = "default", Rate = CommissionRate.Percent(10) }],
                },
            ],
        };

    /// <summary>
    /// Fraud rules off: every request comes from 127.0.0.1 in bursts, which the velocity and rate rules would rightly
    /// hold; these tests are about what a crash leaves behind, so every line should take the plain path.
    /// </summary>
    public static void QuietFraudRules(FraudOptions fraud)
    {
        fraud.IpVelocity.Enabled = false;
        fraud.VisitorVelocity.Enabled = false;
        fraud.SelfReferral.Enabled = false;
        fraud.ClickToConversion.Enabled = false;
        fraud.DuplicateOrders.Enabled = false;
        fraud.ConversionRateAnomaly.Enabled = false;
        fraud.RefundRate.Enabled = false;
        fraud.CookieStuffing.Enabled = false;
    }

    public static string Code(int partner) => "P" + partner.ToString("00", CultureInfo.InvariantCulture);

    public static async Task PrepareAsync(IServiceProvider services, int partners)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReliabilityDbContext>();
        await AffiliateSchema.EnsureCreatedAsync(db);
        var directory = scope.ServiceProvider.GetRequiredService<PartnerDirectory>();
        for (var i = 1; i <= partners; i++)
        {
            var id = new PartnerId("partner-" + Code(i).ToLowerInvariant());
            if (await directory.FindAsync(id) is not null)
            {
                continue;
            }

            var registered = await directory.RegisterAsync(
                new PartnerApplication
                {
                    Id = id,
                    Name = "Partner " + Code(i),
                    Email = Code(i).ToLowerInvariant() + "@partners.example",
                    ReferralCodes = [Code(i)],
                    AutoApprove = true,
                }
            );
            registered.GetValueOrThrow();
        }
    }
}
