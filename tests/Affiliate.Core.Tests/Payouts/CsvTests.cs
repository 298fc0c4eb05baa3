using System.Globalization;
using System.Text;

namespace Affiliate.Tests.Payouts;

/// <summary>The accounting exports as RFC 4180 describes them.</summary>
public sealed class CsvTests
{
    private const string PayoutHeader =
        "payout_id,program_id,partner_id,payout_date,amount,currency,status,lines,"
        + "external_reference,created_at,closed_at";
    private const string LineHeader =
        "line_id,partner_id,conversion_id,kind,level,amount,currency,state,created_at,payout_id,explanation";

    private static Payout Payout(
        string id,
        Money amount,
        PayoutStatus status = PayoutStatus.Pending,
        string? reference = null,
        Instant? closed = null,
        int lines = 1
    ) =>
        new()
        {
            Id = new PayoutId(id),
            ProgramId = new ProgramId("default"),
            PartnerId = new PartnerId("anna"),
            Amount = amount,
            LineCount = lines,
            Status = status,
            CreatedAt = Instant.FromUtc(2026, 2, 15, 9, 0),
            PayoutDate = new LocalDate(2026, 2, 15),
            ExternalReference = reference,
            ClosedAt = closed,
        };

    private static CommissionLine Line(
        string id,
        Money amount,
        string explanation,
        string? conversion = "order-1",
        string? payout = null
    ) =>
        new()
        {
            Id = new CommissionLineId(id),
            ProgramId = new ProgramId("default"),
            PartnerId = new PartnerId("anna"),
            ConversionId = conversion is null ? null : new ConversionId(conversion),
            Kind = LedgerEntryKind.Commission,
            Amount = amount,
            State = CommissionState.Approved,
            CreatedAt = Instant.FromUtc(2026, 1, 10, 14, 30, 5),
            PayoutId = payout is null ? null : new PayoutId(payout),
            Explanation = explanation,
        };

    [Fact]
    public void Payouts_have_a_header_row_and_one_CRLF_terminated_row_per_payout()
    {
        var csv = Csv.Payouts([
            Payout(
                "pay-1",
                Money.Of(14.7m, "EUR"),
                PayoutStatus.Paid,
                "wire-1",
                Instant.FromUtc(2026, 2, 16, 10, 30),
                lines: 2
            ),
            Payout("pay-2", Money.Of(3m, "EUR")),
        ]);

        Assert.Equal(
            PayoutHeader
                + "\r\n"
                + "pay-1,default,anna,2026-02-15,14.70,EUR,Paid,2,wire-1,2026-02-15T09:00:00Z,2026-02-16T10:30:00Z\r\n"
                + "pay-2,default,anna,2026-02-15,3.00,EUR,Pending,1,,2026-02-15T09:00:00Z,\r\n",
            csv
        );
    }

    [Fact]
    public void No_payouts_is_the_header_alone()
    {
        Assert.Equal(PayoutHeader + "\r\n", Csv.Payouts([]));
        Assert.Equal(LineHeader + "\r\n", Csv.Lines([]));
    }

    [Fact]
    public void A_reference_with_commas_and_quotes_is_quoted_with_its_quotes_doubled()
    {
        var csv = Csv.Payouts([
            Payout(
                "pay-1",
                Money.Of(10m, "EUR"),
                PayoutStatus.Paid,
                "ACME, Inc. \"Q1\"",
                Instant.FromUtc(2026, 2, 16, 0, 0)
            ),
        ]);

        Assert.Contains(",Paid,1,\"ACME, Inc. \"\"Q1\"\"\",2026-02-15T09:00:00Z,", csv, StringComparison.Ordinal);
        Assert.Equal(
            [
                PayoutHeader.Split(','),
                [
                    "pay-1",
                    "default",
                    "anna",
                    "2026-02-15",
                    "10.00",
                    "EUR",
                    "Paid",
                    "1",
                    "ACME, Inc. \"Q1\"",
                    "2026-02-15T09:00:00Z",
                    "2026-02-16T00:00:00Z",
                ],
            ],
            Parse(csv)
        );
    }

    [Fact]
    public void Lines_carry_their_explanation_with_line_breaks_inside_a_quoted_field()
    {
        var lines = new[]
        {
            Line(
                "line-1",
                Money.Of(14.7m, "EUR"),
                "14.70 EUR: 30% of 49.00 EUR\nrule \"default\", plan v1",
                payout: "pay-1"
            ),
            Line("line-2", Money.Of(-14.7m, "EUR"), "clawed back,\r\nafter payout", conversion: null),
        };

        var csv = Csv.Lines(lines);

        Assert.StartsWith(LineHeader + "\r\n", csv, StringComparison.Ordinal);
        Assert.Contains(
            "line-1,anna,order-1,Commission,1,14.70,EUR,Approved,2026-01-10T14:30:05Z,pay-1,\"14.70 EUR: 30% of "
                + "49.00 EUR\nrule \"\"default\"\", plan v1\"\r\n",
            csv,
            StringComparison.Ordinal
        );
        Assert.Contains(
            "line-2,anna,,Commission,1,-14.70,EUR,Approved,2026-01-10T14:30:05Z,,\"clawed back,\r\nafter payout\"\r\n",
            csv,
            StringComparison.Ordinal
        );
        Assert.EndsWith("\"\r\n", csv, StringComparison.Ordinal);

        var records = Parse(csv);
        Assert.Equal(3, records.Count);
        Assert.All(records, r => Assert.Equal(11, r.Length));
        Assert.Equal(lines.Select(l => l.Explanation), records.Skip(1).Select(r => r[10]));
        Assert.Equal(["order-1", ""], records.Skip(1).Select(r => r[2]));
    }

    [Theory]
    [InlineData(1500, "JPY", "1500")]
    [InlineData(1.5, "BHD", "1.500")]
    [InlineData(0.125, "BHD", "0.125")]
    [InlineData(10, "USD", "10.00")]
    [InlineData(-0.5, "EUR", "-0.50")]
    public void Amounts_have_the_currencys_minor_digits(decimal amount, string currency, string text)
    {
        var payoutRow = Parse(Csv.Payouts([Payout("pay-1", Money.Of(amount, currency))]))[1];
        var lineRow = Parse(Csv.Lines([Line("line-1", Money.Of(amount, currency), "x")]))[1];

        Assert.Equal((text, currency), (payoutRow[4], payoutRow[5]));
        Assert.Equal((text, currency), (lineRow[5], lineRow[6]));
    }

    [Fact]
    public void Amounts_use_a_dot_whatever_the_current_culture()
    {
        var culture = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
            Assert.Contains(
                ",1234.50,EUR,",
                Csv.Payouts([Payout("pay-1", Money.Of(1234.5m, "EUR"))]),
                StringComparison.Ordinal
            );
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }
    }

    [Theory]
    [InlineData(null, "")]
    [InlineData("", "")]
    [InlineData("plain", "plain")]
    [InlineData(" spaced ", " spaced ")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("\"", "\"\"\"\"")]
    [InlineData("one\ntwo", "\"one\ntwo\"")]
    [InlineData("one\r\ntwo", "\"one\r\ntwo\"")]
    [InlineData("carriage\rreturn", "\"carriage\rreturn\"")]
    public void Field_quotes_only_when_RFC_4180_requires_it(string? value, string expected) =>
        Assert.Equal(expected, Csv.Field(value));

    /// <summary>
    /// A strict RFC 4180 reader: records end with CRLF; quoted fields may hold commas, quotes (doubled) and line
    /// breaks.
    /// </summary>
    private static List<string[]> Parse(string csv)
    {
        var records = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var i = 0;
        while (i < csv.Length)
        {
            if (csv[i] == '"')
            {
                Assert.Equal(0, field.Length); // a quote only opens a field
                i++;
                while (true)
                {
                    Assert.True(i < csv.Length, "unterminated quoted field");
                    if (csv[i] == '"' && i + 1 < csv.Length && csv[i + 1] == '"')
                    {
                        field.Append('"');
                        i += 2;
                    }
                    else if (csv[i] == '"')
                    {
                        i++;
                        break;
                    }
                    else
                    {
                        field.Append(csv[i++]);
                    }
                }

                Assert.True(
                    i < csv.Length && csv[i] is ',' or '\r',
                    "a quoted field ends at a comma or the record's end"
                );
            }
            else if (csv[i] == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
                i++;
            }
            else if (csv[i] == '\r')
            {
                Assert.Equal('\n', csv[i + 1]);
                fields.Add(field.ToString());
                field.Clear();
                records.Add(fields.ToArray());
                fields.Clear();
                i += 2;
            }
            else
            {
                Assert.NotEqual('\n', csv[i]); // a bare line feed outside quotes is not a record end
                field.Append(csv[i++]);
            }
        }

        Assert.Empty(fields);
        Assert.Equal(0, field.Length);
        return records;
    }
}
