namespace Affiliate;

/// <summary>
/// A partner's postback: a URL template the library calls (HTTP GET) when one of the partner's conversions is
/// recorded, approved, rejected or refunded, for partners who run their own tracker. Set with
/// <see cref="PartnerPostbacks.SetAsync"/>, which checks the template.
/// </summary>
/// <param name="PartnerId">The partner.</param>
/// <param name="UrlTemplate">
/// An absolute http(s) URL with placeholders such as <c>{click_id}</c> and <c>{commission}</c> in its path or query
/// (<see cref="PartnerPostbacks.Placeholders"/>).
/// </param>
/// <param name="UpdatedAt">When it was last saved.</param>
public sealed record PartnerPostback(PartnerId PartnerId, string UrlTemplate, Instant UpdatedAt);

/// <summary>One postback to send: the partner and the URL with every placeholder filled.</summary>
/// <param name="PartnerId">The partner whose postback this is.</param>
/// <param name="Url">The URL to GET.</param>
public sealed record PostbackRequest(PartnerId PartnerId, Uri Url);

/// <summary>Which URLs partners may set as their postback.</summary>
public sealed class PostbackOptions
{
    /// <summary>The longest template accepted: 2,000 characters by default.</summary>
    public int MaxTemplateLength { get; set; } = 2000;

    /// <summary>
    /// The hosts postbacks may call, such as <c>tracker.example.com</c>, or <c>*.example.com</c> for its subdomains;
    /// empty (the default) allows any host except loopback, private and link-local addresses and <c>localhost</c>.
    /// </summary>
    public IList<string> AllowedHosts { get; } = [];

    /// <summary>Every problem with these options, each saying what to change; empty when they are valid.</summary>
    public IEnumerable<string> Validate()
    {
        if (MaxTemplateLength < 20)
        {
            yield return $"AffiliateOptions.Postbacks.MaxTemplateLength is {MaxTemplateLength}; "
                + "set it to 20 or more (2000 by default).";
        }

        foreach (var host in AllowedHosts)
        {
            var name = host is ['*', '.', .. var rest] ? rest : host;
            if (Uri.CheckHostName(name) == UriHostNameType.Unknown)
            {
                yield return $"AffiliateOptions.Postbacks.AllowedHosts has '{host}', which is no host name; "
                    + "list names like 'tracker.example.com' or '*.example.com'.";
            }
        }
    }
}
