using System.Globalization;

namespace Affiliate.AspNetCore.Portal;

/// <summary>
/// How the pages write money, numbers and dates: in the request's culture, amounts with their currency.
/// </summary>
internal static class PortalFormat
{
    public static string Money(Money money) =>
        money.Amount.ToString("N" + money.Currency.MinorUnits, CultureInfo.CurrentCulture) + " " + money.Currency.Code;

    public static string Number(int value) => value.ToString("N0", CultureInfo.CurrentCulture);

    public static string Percent(decimal fraction) => fraction.ToString("P1", CultureInfo.CurrentCulture);

    public static string Date(LocalDate date) => date.ToString("d MMM yyyy", CultureInfo.CurrentCulture);

    public static string ShortDate(LocalDate date) => date.ToString("d MMM", CultureInfo.CurrentCulture);

    public static string Date(Instant instant, DateTimeZone zone) => Date(instant.InZone(zone).Date);

    public static string DateTime(Instant instant, DateTimeZone zone) =>
        instant.InZone(zone).ToString("d MMM yyyy HH:mm", CultureInfo.CurrentCulture);

    public static PartnerBalance ZeroBalance(Currency currency)
    {
        var zero = Affiliate.Money.Zero(currency);
        return new PartnerBalance(currency, zero, zero, zero, zero, zero);
    }
}
