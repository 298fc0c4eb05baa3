using Affiliate.EntityFrameworkCore;

namespace Affiliate.Benchmarks.Clicks;

/// <summary>
/// A click as a row of the clicks table, mapped here as the store maps it (its mapper is internal), for the
/// baselines that write rows without the library: the raw bulk insert and the naive <c>SaveChanges</c> loop.
/// </summary>
public static class ClickRows
{
    /// <summary>The clicks table's columns, in the order of <see cref="Values"/>.</summary>
    public static readonly string[] Columns =
    [
        "program_id",
        "id",
        "partner_id",
        "link_id",
        "sub_ids",
        "landing_url",
        "referrer",
        "user_agent",
        "visitor_id",
        "occurred_at",
        "anonymized_ip",
        "ip_hash",
        "country",
        "attributable",
        "fraud_codes",
    ];

    /// <summary>The row of a click (an EF entity, for the naive loop).</summary>
    public static ClickRow Row(Click click)
    {
        ArgumentNullException.ThrowIfNull(click);
        return new ClickRow
        {
            ProgramId = click.ProgramId.Value,
            Id = click.Id.Value,
            PartnerId = click.PartnerId.Value,
            LinkId = click.LinkId,
            SubIds = AffiliateJson.Serialize(click.SubIds),
            LandingUrl = click.LandingUrl,
            Referrer = click.Referrer,
            UserAgent = click.UserAgent,
            VisitorId = click.VisitorId,
            OccurredAt = click.OccurredAt.ToUnixTimeTicks(),
            AnonymizedIp = click.AnonymizedIp,
            IpHash = click.IpHash,
            Country = click.Country,
            Attributable = click.Attributable,
            FraudCodes = AffiliateJson.Serialize(click.FraudCodes),
        };
    }

    /// <summary>A row's values in <see cref="Columns"/> order, nulls as <see cref="DBNull"/>.</summary>
    public static object[] Values(ClickRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return
        [
            row.ProgramId,
            row.Id,
            row.PartnerId,
            Db(row.LinkId),
            row.SubIds,
            Db(row.LandingUrl),
            Db(row.Referrer),
            Db(row.UserAgent),
            row.VisitorId,
            row.OccurredAt,
            Db(row.AnonymizedIp),
            Db(row.IpHash),
            Db(row.Country),
            row.Attributable,
            row.FraudCodes,
        ];
    }

    private static object Db(string? value) => value is null ? DBNull.Value : value;
}
