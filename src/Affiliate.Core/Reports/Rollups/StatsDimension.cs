namespace Affiliate;

/// <summary>
/// What a row of the daily rollups breaks its totals down by. Every click, conversion and commission line counts once
/// in the <see cref="Total"/> row of its partner (and of the program); those that came through a partner's click (or
/// a coupon, which has no sub-ids) also count in one row per sub-id and one per link, under the empty string when the
/// click had none.
/// </summary>
public enum StatsDimension
{
    /// <summary>No breakdown: the partner's (or the program's) whole day.</summary>
    Total = 0,

    /// <summary>By the value of sub1.</summary>
    Sub1 = 1,

    /// <summary>By the value of sub2.</summary>
    Sub2 = 2,

    /// <summary>By the value of sub3.</summary>
    Sub3 = 3,

    /// <summary>By the value of sub4.</summary>
    Sub4 = 4,

    /// <summary>By the value of sub5.</summary>
    Sub5 = 5,

    /// <summary>By the link id.</summary>
    Link = 6,
}
