using Microsoft.Extensions.Options;

namespace Affiliate;

/// <summary>Reports every problem of <see cref="AffiliateJobsOptions"/> at once, against the registered jobs.</summary>
internal sealed class AffiliateJobsOptionsValidator(IEnumerable<IAffiliateJob> jobs)
    : IValidateOptions<AffiliateJobsOptions>
{
    public ValidateOptionsResult Validate(string? name, AffiliateJobsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate(jobs.Select(j => j.Name).ToArray()).ToArray();
        return problems.Length == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
