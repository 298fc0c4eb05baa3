namespace Affiliate;

/// <summary>Flags clicks whose referrer's host is a listed host or one of its sub-domains.</summary>
internal sealed class BlockedReferrerRule : IClickFraudRule
{
    private readonly FraudAction _action;
    private readonly string[] _hosts;

    public BlockedReferrerRule(BlockedReferrerOptions options)
    {
        _action = options.Action;
        _hosts = options
            .Hosts.Select(entry => ReferrerHosts.TryNormalizeEntry(entry, out var host, out _) ? host : null)
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .ToArray();
    }

    public ValueTask<FraudVerdict> EvaluateAsync(ClickFraudContext context, CancellationToken cancellationToken)
    {
        if (ReferrerHosts.HostOf(context.Click.Referrer) is { } host)
        {
            foreach (var blocked in _hosts)
            {
                if (ReferrerHosts.Matches(host, blocked))
                {
                    var listed = host.Length == blocked.Length ? string.Empty : $" (under the blocked {blocked})";
                    return ValueTask.FromResult(
                        new FraudVerdict(
                            _action,
                            FraudCodes.BlockedReferrer,
                            $"Clicks referred by {host}{listed} are blocked by the program."
                        )
                    );
                }
            }
        }

        return ValueTask.FromResult(FraudVerdict.Allow);
    }
}
