namespace Affiliate;

/// <summary>Whether a rule prices new sales, recurring (subscription renewal) sales, or both.</summary>
public enum SaleType
{
    /// <summary>New and recurring sales alike.</summary>
    Any = 0,

    /// <summary>Only a new sale: a one-off order or the first payment of a subscription.</summary>
    New = 1,

    /// <summary>Only a recurring sale: a subscription payment after the first.</summary>
    Recurring = 2,
}
