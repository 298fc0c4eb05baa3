using System.Reflection;
using Microsoft.Extensions.Logging;

namespace Affiliate.AspNetCore.Tests.Hosting;

/// <summary>
/// Every package logs with its own range of event ids (core 1000s, EF Core and its providers 2000s, ASP.NET Core
/// 3000s), and no id is used twice, so a log filter or an alert on an id means one thing.
/// </summary>
public sealed class LogEventIdTests
{
    [Fact]
    public void Every_logged_event_id_is_unique_and_in_its_package_s_range()
    {
        var packages = new (Assembly Assembly, int From)[]
        {
            (typeof(AffiliateOptions).Assembly, 1000),
            (typeof(Affiliate.EntityFrameworkCore.AffiliateSchema).Assembly, 2000),
            (Assembly.Load("Affiliate.EntityFrameworkCore.Sqlite"), 2000),
            (Assembly.Load("Affiliate.EntityFrameworkCore.PostgreSql"), 2000),
            (typeof(AffiliateWebOptions).Assembly, 3000),
        };
        var ids = packages
            .SelectMany(p =>
                p.Assembly.GetTypes()
                    .SelectMany(t =>
                        t.GetMethods(
                            BindingFlags.Static
                                | BindingFlags.Instance
                                | BindingFlags.Public
                                | BindingFlags.NonPublic
                                | BindingFlags.DeclaredOnly
                        )
                    )
                    .Select(m => (Method: m, Attribute: m.GetCustomAttribute<LoggerMessageAttribute>()))
                    .Where(m => m.Attribute is not null)
                    .Select(m =>
                        (p.From, Id: m.Attribute!.EventId, Name: $"{m.Method.DeclaringType!.Name}.{m.Method.Name}")
                    )
            )
            .ToList();

        Assert.NotEmpty(ids);
        Assert.All(ids, e => Assert.InRange(e.Id, e.From, e.From + 999));
        var twice = ids.GroupBy(e => e.Id)
            .Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(e => e.Name))}");
        Assert.Empty(twice);
    }
}
