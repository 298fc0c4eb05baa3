using Affiliate.Samples.WebShop;
using Affiliate.Samples.WebShop.Data;
using Affiliate.Samples.WebShop.Demo;
using Affiliate.Samples.WebShop.Shop;
using Microsoft.AspNetCore.Authentication.Cookies;

var builder = WebApplication.CreateBuilder(args);
var database = ShopDatabase.FromConfiguration(builder.Configuration, builder.Environment.ContentRootPath);

// The shop owns its clock: real time plus what the demo clock control added. Registered as the TimeProvider, so the
// library (pricing dates, hold periods, approvals, payouts, its timers) runs on it too. Tests replace the DemoClock.
builder.Services.AddSingleton(_ => new DemoClock(TimeProvider.System));
builder.Services.AddSingleton<TimeProvider>(sp => sp.GetRequiredService<DemoClock>());

// The shop's own database, with the affiliate tables joined to its DbContext (ShopDbContext.OnModelCreating).
builder.Services.AddDbContext<ShopDbContext>(database.Configure);

// Sign-in: a cookie; partners carry their partner id in the claim the library's default IPartnerResolver reads,
// admins the role the AffiliateAdmin policy asks for.
builder
    .Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
    .AddCookie(o =>
    {
        o.LoginPath = "/account/sign-in";
        o.AccessDeniedPath = "/account/denied";
        o.Cookie.Name = "kb_auth";
        // The cookie ages on the demo clock like everything else: a year, so moving the demo on keeps you signed in.
        o.ExpireTimeSpan = TimeSpan.FromDays(365);
    });
builder.Services.AddAuthorization(o =>
    o.AddPolicy(ShopPolicies.Admin, p => p.RequireAuthenticatedUser().RequireRole(DemoUsers.AdminRole))
);
builder.Services.AddRazorPages(o => o.Conventions.AuthorizeFolder("/Admin", ShopPolicies.Admin));

// The affiliate program: the demo's plan, clicks buffered and written in batches, the web adapter and its jobs.
builder
    .Services.AddAffiliates(o => DemoProgram.Configure(o, builder.Configuration["Affiliates:IpHashKey"]))
    .UseBulkClickWriter<ShopDbContext>()
    .UseAspNetCore()
    .UsePortal(portal => portal.ProgramName = "Kettle & Bean Partners")
    .ValidateOnStart();

builder.Services.AddScoped<ShopOrders>();
builder.Services.AddScoped<ShopSettings>();
builder.Services.AddScoped<DemoClockControl>();
builder.Services.AddSingleton<DemoState>();
builder.Services.AddSingleton(database);

// After the library's hosted services on purpose: the seed needs the bulk click writer running (see DemoSeeder).
builder.Services.AddHostedService<DemoSeeder>();
builder.Services.AddHostedService<StartupBanner>();

var app = builder.Build();
await database.PrepareAsync(app.Services);

app.UseExceptionHandler("/error");
app.UseStatusCodePagesWithReExecute("/status/{0}");
app.UseStaticFiles();
app.UseRouting();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();
app.UseAffiliateTracking(); // ?ref=CODE on any page: a click, a visitor cookie and a signed attribution cookie
app.MapAffiliateEndpoints(); // /go links, webhooks, the partner and admin APIs, OpenAPI
app.MapRazorPages();

app.MapAffiliatePortal("/partners"); // the signed-in partner's own pages
app.MapAffiliateAdmin("/affiliate-admin"); // the program admin, for the AffiliateAdmin policy's users

await app.RunAsync();

/// <summary>The shop's entry point (public for <c>WebApplicationFactory&lt;Program&gt;</c> in the tests).</summary>
public partial class Program;
