using System.Globalization;
using Affiliate.AspNetCore;
using Affiliate.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

// The load host: a landing page and a checkout, with the library (tracking middleware, recorded sales) or without it
// (the same page and the same checkout writing only the shop's own order row). The load script starts it twice,
// once each way, on 127.0.0.1 and compares them. Settings (command line or environment):
//   --library true|false   the library in the pipeline and the checkout (default true)
//   --provider sqlite|postgresql, --database <file or connection string>
var builder = WebApplication.CreateBuilder(args);
builder.Logging.ClearProviders(); // console logging would be the bottleneck at load
var library = builder.Configuration.GetValue("library", true);
var postgres = string.Equals(builder.Configuration["provider"], "postgresql", StringComparison.OrdinalIgnoreCase);
var database = builder.Configuration["database"] ?? "loadhost.db";
builder.Services.AddDbContext<LoadDbContext>(o =>
{
    if (postgres)
    {
        o.UseNpgsql(database);
    }
    else
    {
        o.UseSqlite("Data Source=" + database);
    }
});
builder
    .Services.AddAffiliates(o =>
    {
        o.IpHashKey = "load-host-key-only-for-the-load-script-0123456789";
        o.Plan = LoadShop.Plan();
    })
    .UseBulkClickWriter<LoadDbContext>()
    .UseAspNetCore()
    .ValidateOnStart();

var app = builder.Build();
await LoadShop.PrepareAsync(app.Services, postgres);

// Referral requests answered, counted by the host (on both hosts, so both pay it): wrk does not count the requests
// still in flight when a run ends, though the host served them and tracked their clicks.
app.Use(
    async (context, next) =>
    {
        await next(context);
        if (
            context.Request.QueryString.Value?.StartsWith("?ref=", StringComparison.Ordinal) == true
            && context.Response.StatusCode is >= 200 and < 300
        )
        {
            Interlocked.Increment(ref LoadShop.Referrals);
        }
    }
);
if (library)
{
    app.UseAffiliateTracking();
}

app.MapGet("/", () => Results.Content(LoadShop.Page, "text/html; charset=utf-8"));
app.MapPost("/checkout", async (HttpContext http, LoadDbContext db) =>
{
    var order = http.Request.Query["order"].ToString();
    if (order.Length is 0 or > 64)
    {
        return Results.BadRequest();
    }

    // The shop's own order row, with or without the library: what "the same checkout" costs anyway.
    await db.Database.ExecuteSqlAsync($"INSERT INTO load_orders (id, amount) VALUES ({order}, {4990})");
    if (library)
    {
        var recorded = await http.RecordAffiliateSaleAsync(
            new AffiliateOrder
            {
                OrderId = order,
                Amount = Money.Of(49.90m, "EUR"),
                CouponCode = LoadShop.Code,
            }
        );
        if (!recorded.Succeeded)
        {
            return Results.Problem(recorded.Error?.Description, statusCode: 500);
        }
    }

    return Results.Text("ok");
});
app.MapGet("/stats", (LoadDbContext db, IServiceProvider services) => LoadShop.StatsAsync(db, services, postgres));
await app.RunAsync();

/// <summary>The load host's DbContext: the library's tables only (its order table is made by hand).</summary>
internal sealed class LoadDbContext(DbContextOptions<LoadDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.UseAffiliates();
}

/// <summary>The load host's fixed parts: the page, the partner, the plan, the tables and the counters.</summary>
internal static class LoadShop
{
    public const string Code = "LOAD";

    /// <summary>Referral requests this host answered 2xx (see the counting middleware).</summary>
#pragma warning disable CA2211 // a counter the middleware increments with Interlocked; a field is what that needs
    public static long Referrals;
#pragma warning restore CA2211

    // A small landing page, as a shop's would be before its assets: the response is not what is measured.
    public const string Page =
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Load shop</title></head>"
        + "<body><h1>Load shop</h1><p>Tea and coffee, delivered.</p><form method=\"post\" action=\"/checkout\">"
        + "<button>Buy</button></form></body></html>";

    public static CommissionPlan Plan() =>
        new()
        {
            Id = new PlanId("load"),
            Name = "Load",
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

    public static async Task PrepareAsync(IServiceProvider services, bool postgres)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LoadDbContext>();
        await AffiliateSchema.EnsureCreatedAsync(db);
        await db.Database.ExecuteSqlRawAsync(
            postgres
                ? "CREATE TABLE IF NOT EXISTS load_orders (id text PRIMARY KEY, amount bigint NOT NULL)"
                : "CREATE TABLE IF NOT EXISTS load_orders (id TEXT PRIMARY KEY, amount INTEGER NOT NULL)"
        );
        var directory = scope.ServiceProvider.GetRequiredService<PartnerDirectory>();
        if (await directory.FindAsync(new PartnerId("load")) is null)
        {
            var registered = await directory.RegisterAsync(
                new PartnerApplication
                {
                    Id = new PartnerId("load"),
                    Name = "Load partner",
                    Email = "load@partners.example",
                    ReferralCodes = [Code],
                    AutoApprove = true,
                }
            );
            registered.GetValueOrThrow();
        }
    }

    /// <summary>
    /// What the script counts: rows written, referral requests answered, clicks not yet written (queued for the
    /// tracker or buffered for the bulk writer), and the process's memory.
    /// </summary>
    public static async Task<IResult> StatsAsync(LoadDbContext db, IServiceProvider services, bool postgres)
    {
        // The library's tables under their default prefix (this host sets no other).
        var clicks = await CountAsync(db, "affiliate_clicks");
        var conversions = await CountAsync(db, "affiliate_conversions");
        var orders = await CountAsync(db, "load_orders");
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        return Results.Json(
            new
            {
                clicks,
                conversions,
                orders,
                referrals = Interlocked.Read(ref Referrals),
                unwritten = (services.GetService<TrackingClickQueue>()?.Pending ?? 0)
                    + (services.GetService<BulkClickWriter>()?.Pending ?? 0),
                queued = services.GetService<TrackingClickQueue>()?.Pending ?? 0,
                buffered = services.GetService<BulkClickWriter>()?.Pending ?? 0,
                dropped = services.GetService<TrackingClickQueue>()?.Dropped ?? 0,
                workingSetBytes = process.WorkingSet64,
                managedBytes = GC.GetTotalMemory(false),
                provider = postgres ? "postgresql" : "sqlite",
            }
        );
    }

    private static async Task<long> CountAsync(LoadDbContext db, string table)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        try
        {
            await using var command = connection.CreateCommand();
#pragma warning disable CA2100 // the table names are the library's and the host's own, not input
            command.CommandText = "SELECT COUNT(*) FROM " + table;
#pragma warning restore CA2100
            return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
