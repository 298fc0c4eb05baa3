using Affiliate.Stores;

namespace Affiliate;

/// <summary>Finds the sub-ids and link each credited partner of a conversion came through.</summary>
internal static class ClickSources
{
    /// <summary>Looks the shares' clicks up among clicks already read.</summary>
    public static Func<AttributionShareSource, ClickSource> From(IReadOnlyList<Click> clicks) =>
        share =>
            share.ClickId is { } id && clicks.FirstOrDefault(c => c.Id == id) is { } click
                ? new ClickSource(click.SubIds, click.LinkId)
                : ClickSource.None;

    /// <summary>Reads a stored conversion's share clicks by id (one per credited partner at most).</summary>
    public static async ValueTask<Func<AttributionShareSource, ClickSource>> ForAsync(
        ITouchStore touches,
        Conversion conversion,
        CancellationToken cancellationToken
    )
    {
        var clicks = new List<Click>();
        foreach (var share in conversion.Shares)
        {
            if (
                share.ClickId is { } id
                && clicks.All(c => c.Id != id)
                && await touches.FindClickAsync(conversion.ProgramId, id, cancellationToken).ConfigureAwait(false)
                    is { } click
            )
            {
                clicks.Add(click);
            }
        }

        return From(clicks);
    }
}
