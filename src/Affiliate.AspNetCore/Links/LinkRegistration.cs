using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Affiliate.AspNetCore;

/// <summary>The links part of <c>UseAspNetCore</c>.</summary>
internal static class LinkRegistration
{
    public static void Add(IServiceCollection services) => services.TryAddSingleton<LinkDestinationPolicy>();
}
