namespace Affiliate.AspNetCore;

/// <summary>Redirect links (<c>/go/{code}</c>): where they may lead.</summary>
public sealed class LinkOptions
{
    /// <summary>
    /// Where an unknown or inactive code, or a destination that is not allowed, lands: the program's default page,
    /// a path on this site (<c>/</c> by default) or an absolute http(s) URL.
    /// </summary>
    public string DefaultDestination { get; set; } = "/";

    internal void Validate(ICollection<string> failures)
    {
        var isPath = DefaultDestination is ['/', ..] && !DefaultDestination.StartsWith("//", StringComparison.Ordinal);
        var isUrl =
            Uri.TryCreate(DefaultDestination, UriKind.Absolute, out var url)
            && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp);
        if (!isPath && !isUrl)
        {
            failures.Add(
                "AffiliateWebOptions.Links.DefaultDestination must be a path on this site ('/') or an http(s) URL."
            );
        }
    }
}
