using System.Globalization;

namespace Affiliate;

/// <summary>Formats the numbers in verdict reasons and option messages, culture-invariantly.</summary>
internal static class FraudText
{
    /// <summary>"1 click", "23 clicks".</summary>
    public static string Count(long count, string singular, string? plural = null) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"{count} {(count is 1 or -1 ? singular : plural ?? singular + "s")}"
        );

    /// <summary>
    /// "1 hour", "24 hours", "30 days", "90 minutes", "10 seconds", "2.5 seconds": the largest whole unit.
    /// </summary>
    public static string Duration(Duration duration)
    {
        const long NanosecondsPerMinute = 60_000_000_000L;
        const long NanosecondsPerHour = 60 * NanosecondsPerMinute;
        const long NanosecondsPerDay = 24 * NanosecondsPerHour;

        // Beyond a few centuries nanoseconds overflow a long; nobody configures such windows, but say something sane.
        if (Math.Abs(duration.TotalDays) >= 100_000d)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{duration.TotalDays:0} days");
        }

        var nanoseconds = duration.ToInt64Nanoseconds();
        if (nanoseconds != 0)
        {
            // "24 hours" reads better than "1 day"; whole days from two on.
            if (nanoseconds % NanosecondsPerDay == 0 && Math.Abs(nanoseconds) >= 2 * NanosecondsPerDay)
            {
                return Count(nanoseconds / NanosecondsPerDay, "day");
            }

            if (nanoseconds % NanosecondsPerHour == 0)
            {
                return Count(nanoseconds / NanosecondsPerHour, "hour");
            }

            if (nanoseconds % NanosecondsPerMinute == 0)
            {
                return Count(nanoseconds / NanosecondsPerMinute, "minute");
            }
        }

        // Every digit, so that 9.999999999 seconds never reads as the 10-second minimum.
        var seconds = nanoseconds / 1_000_000_000m;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{seconds:0.#########} {(Math.Abs(seconds) == 1m ? "second" : "seconds")}"
        );
    }

    /// <summary>A fraction as a percentage: 0.025 is "2.5%".</summary>
    public static string Percent(decimal fraction) =>
        string.Create(CultureInfo.InvariantCulture, $"{fraction * 100m:0.##}%");

    /// <summary>A plain number with every significant digit: "3", "2.5", "0.999".</summary>
    public static string Number(decimal value) =>
        value.ToString("0.############################", CultureInfo.InvariantCulture);

    /// <summary>
    /// A value known to be above <paramref name="limit"/>, to two decimals, or more when two would make it look equal
    /// to the limit ("3.2", but "3.0001" rather than "3").
    /// </summary>
    public static string Above(decimal value, decimal limit)
    {
        for (var decimals = 2; decimals < 28; decimals++)
        {
            var rounded = Math.Round(value, decimals, MidpointRounding.ToZero);
            if (rounded > limit)
            {
                return Number(rounded);
            }
        }

        return Number(value);
    }
}
