using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace Affiliate;

/// <summary>
/// Registered by <c>UseInMemoryStores()</c> (and removed when any store is replaced afterwards): its presence lets
/// <see cref="Apply"/> give <see cref="AffiliateOptions.IpHashKey"/> a random value when the host set none. Memory
/// forgets the hashes with the process, so a key that does too loses nothing; a database store keeps them, so it
/// needs the host's own key, and validation says so.
/// </summary>
internal sealed class InMemoryIpHashKey
{
    /// <summary>32 random bytes, made once per service provider.</summary>
    public string Key { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>Sets the key when the stores are in memory and the host set none.</summary>
    internal sealed class Apply(IEnumerable<InMemoryIpHashKey> inMemory) : IPostConfigureOptions<AffiliateOptions>
    {
        public void PostConfigure(string? name, AffiliateOptions options)
        {
            ArgumentNullException.ThrowIfNull(options);
            if (options.IpHashKey is null && inMemory.FirstOrDefault() is { } key)
            {
                options.IpHashKey = key.Key;
            }
        }
    }
}
