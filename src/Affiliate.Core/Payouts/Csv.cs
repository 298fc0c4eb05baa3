using System.Globalization;
using System.Text;

namespace Affiliate;

/// <summary>
/// CSV exports for accounting, as RFC 4180 says: CRLF line ends, a header row, fields with commas, quotes or line
/// breaks quoted, quotes doubled. Amounts use a dot and the currency's minor digits; instants are ISO 8601 UTC.
/// </summary>
public static class Csv
{
    /// <summary>One row per payout.</summary>
    public static string Payouts(IEnumerable<Payout> payouts)
    {
        ArgumentNullException.ThrowIfNull(payouts);
        var text = new StringBuilder();
        Row(
            text,
            "payout_id",
            "program_id",
            "partner_id",
            "payout_date",
            "amount",
            "currency",
            "status",
            "lines",
            "external_reference",
            "created_at",
            "closed_at"
        );
        foreach (var p in payouts)
        {
            Row(
                text,
                p.Id.Value,
                p.ProgramId.Value,
                p.PartnerId.Value,
                p.PayoutDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                p.Amount.FormatAmount(),
                p.Amount.Currency.Code,
                p.Status.ToString(),
                p.LineCount.ToString(CultureInfo.InvariantCulture),
                p.ExternalReference,
                Format(p.CreatedAt),
                p.ClosedAt is { } closed ? Format(closed) : null
            );
        }

        return text.ToString();
    }

    /// <summary>One row per line of a statement, each with its explanation.</summary>
    public static string Lines(IEnumerable<CommissionLine> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var text = new StringBuilder();
        Row(
            text,
            "line_id",
            "partner_id",
            "conversion_id",
            "kind",
            "level",
            "amount",
            "currency",
            "state",
            "created_at",
            "payout_id",
            "explanation"
        );
        foreach (var l in lines)
        {
            Row(
                text,
                l.Id.Value,
                l.PartnerId.Value,
                l.ConversionId?.Value,
                l.Kind.ToString(),
                l.Level.ToString(CultureInfo.InvariantCulture),
                l.Amount.FormatAmount(),
                l.Amount.Currency.Code,
                l.State.ToString(),
                Format(l.CreatedAt),
                l.PayoutId?.Value,
                l.Explanation
            );
        }

        return text.ToString();
    }

    /// <summary>Quotes a field when RFC 4180 requires it.</summary>
    public static string Field(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0
            ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : value;
    }

    private static void Row(StringBuilder text, params string?[] fields)
    {
        text.AppendJoin(',', fields.Select(Field));
        text.Append("\r\n");
    }

    private static string Format(Instant instant) =>
        instant.ToString("uuuu'-'MM'-'dd'T'HH':'mm':'ss'Z'", CultureInfo.InvariantCulture);
}
