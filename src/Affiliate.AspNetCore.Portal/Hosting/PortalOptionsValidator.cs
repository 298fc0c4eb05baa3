using Microsoft.Extensions.Options;

namespace Affiliate.AspNetCore.Portal;

/// <summary>Registered by <c>UsePortal</c>, so that mapping the pages without it fails at start, saying why.</summary>
internal sealed class PortalMarker;

/// <summary>Checks <see cref="PortalOptions"/> at start, with messages that say what to change.</summary>
internal sealed class PortalOptionsValidator : IValidateOptions<PortalOptions>
{
    public ValidateOptionsResult Validate(string? name, PortalOptions options)
    {
        var failures = new List<string>();
        options.Validate(failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
