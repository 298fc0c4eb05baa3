using System.Diagnostics.Metrics;
using Affiliate;
using Affiliate.EntityFrameworkCore;
using Affiliate.Stores;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

// In Microsoft.Extensions.DependencyInjection so that the builder method needs no extra using.
#pragma warning disable IDE0130
namespace Microsoft.Extensions.DependencyInjection;

#pragma warning restore IDE0130

/// <summary>Registers the bulk click writer.</summary>
public static class BulkClickWriterExtensions
{
    /// <summary>
    /// Records clicks through a <see cref="BulkClickWriter"/>: <c>ITouchStore.AddClickAsync</c> (and so
    /// <c>ClickTracker</c> and the tracking middleware) buffers the click and returns at once, and a hosted service
    /// writes the buffer in batches (binary COPY on PostgreSQL, multi-row inserts on SQLite) and flushes it on
    /// graceful shutdown. Every other store method still goes to the Entity Framework store of
    /// <typeparamref name="TContext"/>. Call it after <c>UseEntityFrameworkCore&lt;TContext&gt;()</c> (it calls that
    /// itself when it was not called). The host must run hosted services (the generic host or ASP.NET Core do).
    /// </summary>
    /// <remarks>
    /// A click is durable when its batch is written, not when it is recorded: a crash loses what is buffered, at most
    /// <see cref="BulkClickOptions.Capacity"/> clicks and, while the database keeps up, none older than
    /// <see cref="BulkClickOptions.FlushInterval"/>. A graceful shutdown loses none. See <see cref="BulkClickWriter"/>.
    /// The flush interval runs on the host's <see cref="TimeProvider"/> when one is registered.
    /// </remarks>
    /// <example><code>
    /// services.AddAffiliates(o => { ... })
    ///     .UseEntityFrameworkCore&lt;ShopDbContext&gt;()
    ///     .UseBulkClickWriter&lt;ShopDbContext&gt;(o =>
    ///     {
    ///         o.Capacity = 50_000;
    ///         o.FullMode = BulkClickFullMode.DropNewest;
    ///     });
    /// </code></example>
    public static AffiliateBuilder UseBulkClickWriter<TContext>(
        this AffiliateBuilder builder,
        Action<BulkClickOptions>? configure = null
    )
        where TContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        if (!services.Any(d => d.ServiceType == typeof(EntityFrameworkAffiliateStore)))
        {
            builder.UseEntityFrameworkCore<TContext>();
        }

        var options = services.AddOptions<BulkClickOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(
            ServiceDescriptor.Singleton<IValidateOptions<BulkClickOptions>>(new BulkClickOptionsValidator())
        );
        services.TryAddScoped<AffiliateContextLease<TContext>>();
        services.TryAddSingleton(sp =>
        {
            var scopes = sp.GetRequiredService<IServiceScopeFactory>();
            return new BulkClickWriter(
                () =>
                {
                    // A scope per batch: its own DbContext (or one made by the host's factory), never a request's.
                    var scope = scopes.CreateAsyncScope();
                    return (scope.ServiceProvider.GetRequiredService<AffiliateContextLease<TContext>>().Context, scope);
                },
                sp.GetRequiredService<IOptions<BulkClickOptions>>().Value,
                sp.GetRequiredService<TimeProvider>(), // registered by AddAffiliates (the host's wins)
                sp.GetService<ILogger<BulkClickWriter>>() ?? NullLogger<BulkClickWriter>.Instance,
                sp.GetService<IMeterFactory>()
            );
        });
        services.TryAddEnumerable(
            ServiceDescriptor.Singleton<IHostedService, BulkClickWriter>(sp => sp.GetRequiredService<BulkClickWriter>())
        );
        builder.ReplaceStore<ITouchStore>(sp => new BufferedTouchStore(
            sp.GetRequiredService<EntityFrameworkAffiliateStore>(),
            sp.GetRequiredService<BulkClickWriter>()
        ));
        return builder;
    }

    private sealed class BulkClickOptionsValidator : IValidateOptions<BulkClickOptions>
    {
        public ValidateOptionsResult Validate(string? name, BulkClickOptions options)
        {
            var problems = options.Validate().ToArray();
            return problems.Length == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}
