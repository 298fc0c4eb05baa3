using Microsoft.Extensions.Options;

namespace Affiliate;

/// <summary>Reports every problem of <see cref="AffiliateOptions"/> at once, each saying what to change.</summary>
internal sealed class AffiliateOptionsValidator : IValidateOptions<AffiliateOptions>
{
    public ValidateOptionsResult Validate(string? name, AffiliateOptions options)
    {
        var problems = options.Validate().ToArray();
        return problems.Length == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
