namespace Affiliate;

/// <summary>Which conversions count as credited, and each credited partner's part of the revenue.</summary>
internal static class Credit
{
    /// <summary>
    /// Credited to partners: attributed, held, partly or fully refunded (not rejected or unattributed).
    /// </summary>
    public static bool IsCredited(Conversion conversion) =>
        conversion.Status
            is ConversionStatus.Attributed
                or ConversionStatus.Held
                or ConversionStatus.PartiallyRefunded
                or ConversionStatus.Reversed;

    /// <summary>
    /// A partner's part of a conversion's sale basis: split by attribution weight without losing a minor unit.
    /// </summary>
    public static Money PartOf(Conversion conversion, PartnerId partner)
    {
        var shares = conversion.Shares;
        var index = -1;
        for (var i = 0; i < shares.Count; i++)
        {
            if (shares[i].PartnerId == partner)
            {
                index = i;
                break;
            }
        }

        if (index < 0)
        {
            return Money.Zero(conversion.ProgramAmount.Currency);
        }

        if (shares.Count == 1)
        {
            return conversion.ProgramAmount;
        }

        var amount = conversion.ProgramAmount.IsRounded ? conversion.ProgramAmount : conversion.ProgramAmount.Round();
        return amount.Allocate(shares.Select(s => s.Weight).ToArray())[index];
    }
}
