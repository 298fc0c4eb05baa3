using Microsoft.Extensions.Options;

namespace Affiliate.AspNetCore;

/// <summary>Checks every group of <see cref="AffiliateWebOptions"/> at start; reports all problems at once.</summary>
internal sealed class AffiliateWebOptionsValidator : IValidateOptions<AffiliateWebOptions>
{
    public ValidateOptionsResult Validate(string? name, AffiliateWebOptions options)
    {
        var failures = new List<string>();
        options.Tracking.Validate(failures);
        options.Links.Validate(failures);
        options.Webhooks.Validate(failures);
        options.Api.Validate(failures);
        options.Outgoing.Validate(failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
