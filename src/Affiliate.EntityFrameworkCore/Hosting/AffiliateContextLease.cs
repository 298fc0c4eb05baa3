using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Affiliate.EntityFrameworkCore;

/// <summary>
/// The DbContext the stores of one scope use: the host's scoped <typeparamref name="TContext"/> (so a host can put its
/// own changes and the affiliate ones in one transaction), or, when the host registered only a factory
/// (<c>AddDbContextFactory</c>), one context made for the scope and disposed with it.
/// </summary>
internal sealed class AffiliateContextLease<TContext>(IServiceProvider services) : IAsyncDisposable, IDisposable
    where TContext : DbContext
{
    private DbContext? _context;
    private DbContext? _owned;

    public DbContext Context => _context ??= services.GetService<TContext>() ?? (_owned = Create());

    private TContext Create() =>
        (
            services.GetService<IDbContextFactory<TContext>>()
            ?? throw new InvalidOperationException(
                $"{typeof(TContext).Name} is not registered. Register it with "
                    + $"'services.AddDbContext<{typeof(TContext).Name}>(...)', 'AddDbContextPool' or "
                    + $"'AddDbContextFactory' before calling 'UseEntityFrameworkCore<{typeof(TContext).Name}>()'."
            )
        ).CreateDbContext();

    public void Dispose() => _owned?.Dispose();

    public ValueTask DisposeAsync() => _owned?.DisposeAsync() ?? ValueTask.CompletedTask;
}
