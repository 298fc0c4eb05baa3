using System.Net;

namespace Affiliate;

/// <summary>
/// Flags clicks whose raw IP address is in a listed range. The address itself never appears in the reason.
/// </summary>
internal sealed class BlockedIpRangeRule : IClickFraudRule
{
    private readonly FraudAction _action;
    private readonly (IPNetwork Network, string Text)[] _ranges;

    public BlockedIpRangeRule(BlockedIpRangeOptions options)
    {
        _action = options.Action;
        _ranges = options
            .Ranges.Select(text =>
                IpRanges.TryParse(text, out var network, out _)
                    ? (network, network.ToString())
                    : default((IPNetwork, string)?)
            )
            .OfType<(IPNetwork, string)>()
            .ToArray();
    }

    public ValueTask<FraudVerdict> EvaluateAsync(ClickFraudContext context, CancellationToken cancellationToken)
    {
        if (context.IpAddress is { } address)
        {
            foreach (var (network, text) in _ranges)
            {
                if (IpRanges.Contains(network, address))
                {
                    return ValueTask.FromResult(
                        new FraudVerdict(
                            _action,
                            FraudCodes.BlockedIpRange,
                            $"The click's IP address is in the blocked range {text}."
                        )
                    );
                }
            }
        }

        return ValueTask.FromResult(FraudVerdict.Allow);
    }
}
