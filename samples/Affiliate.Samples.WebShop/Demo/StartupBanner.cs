using Affiliate.Samples.WebShop.Data;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Affiliate.Samples.WebShop.Demo;

/// <summary>Prints what to open and how to sign in once the shop listens.</summary>
public sealed class StartupBanner(IHostApplicationLifetime lifetime, IServer server, ShopDatabase database)
    : IHostedService
{
    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(Print);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Print()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses;
        var url = (addresses?.FirstOrDefault() ?? "http://localhost:5080").TrimEnd('/');
        var lines = new List<string>
        {
            "",
            "Kettle & Bean, the Affiliate for .NET demo shop, is running. Open:",
            $"  the shop                 {url}/",
            $"  a partner's link         {url}/?ref=MIA      (then buy something; MIA10 is Mia's coupon)",
            $"  the partner portal       {url}/partners",
            $"  the program admin        {url}/affiliate-admin",
            $"  orders, refunds, clock   {url}/admin/orders   {url}/admin/clock",
            "",
            $"Demo sign-ins at {url}/account/sign-in (password \"{DemoUsers.Password}\", or one click on the page):",
        };
        lines.AddRange(DemoUsers.Featured.Select(u => $"  {u.Email, -34} {u.Description}"));
        lines.Add("");
        lines.Add("Data: " + database.Describe() + ". Delete it to seed a fresh demo. Ctrl+C stops the shop.");
        Console.WriteLine(string.Join(Environment.NewLine, lines));
    }
}
