using System.Globalization;
using Microsoft.AspNetCore.Http;
using NodaTime.Text;

namespace Affiliate.AspNetCore;

/// <summary>
/// Reads the query strings and route values of the partner and admin APIs by hand, so that a wrong value is a
/// problem answer naming the parameter (minimal-API binding would answer an empty 400 or throw).
/// </summary>
internal static class ApiRequest
{
    /// <summary>The longest cursor accepted; the core's cursors are far shorter.</summary>
    public const int MaxCursorLength = 2048;

    /// <summary>The longest free-text query value accepted (search, sub-ids).</summary>
    public const int MaxTextLength = 256;

    public static string? Text(HttpRequest request, string name)
    {
        var values = request.Query[name];
        return values.Count == 0 ? null : values[^1];
    }

    public static bool TryPage(HttpRequest request, out PageRequest page, out IResult? problem)
    {
        page = new PageRequest();
        problem = null;
        var cursor = Text(request, "cursor");
        if (cursor is { Length: > MaxCursorLength })
        {
            problem = Problem(AffiliateErrorCodes.InvalidCursor, "The cursor is not one this API handed out.");
            return false;
        }

        var size = PageRequest.DefaultSize;
        if (Text(request, "size") is { } sizeText)
        {
            if (
                !int.TryParse(sizeText, NumberStyles.None, CultureInfo.InvariantCulture, out size)
                || size is < 1 or > PageRequest.MaxSize
            )
            {
                problem = AffiliateProblems.Invalid(
                    $"Query 'size' must be a whole number from 1 to {PageRequest.MaxSize}."
                );
                return false;
            }
        }

        page = new PageRequest { Cursor = string.IsNullOrEmpty(cursor) ? null : cursor, Size = size };
        return true;
    }

    public static bool TryDate(HttpRequest request, string name, out LocalDate? date, out IResult? problem)
    {
        date = null;
        problem = null;
        if (Text(request, name) is not { Length: > 0 } text)
        {
            return true;
        }

        var parsed = LocalDatePattern.Iso.Parse(text);
        if (!parsed.Success)
        {
            problem = AffiliateProblems.Invalid($"Query '{name}' must be a date as yyyy-MM-dd, e.g. 2026-05-01.");
            return false;
        }

        date = parsed.Value;
        return true;
    }

    public static bool TryId<TId>(string? text, string name, out TId id, out IResult? problem)
        where TId : struct, IParsable<TId>
    {
        problem = null;
        if (TId.TryParse(text, CultureInfo.InvariantCulture, out id))
        {
            return true;
        }

        problem = AffiliateProblems.Invalid(
            $"'{name}' is not a valid id: 1 to 128 characters, not blank, without control characters."
        );
        return false;
    }

    public static bool TryOptionalId<TId>(HttpRequest request, string name, out TId? id, out IResult? problem)
        where TId : struct, IParsable<TId>
    {
        id = null;
        problem = null;
        if (Text(request, name) is not { Length: > 0 } text)
        {
            return true;
        }

        if (!TryId<TId>(text, name, out var parsed, out problem))
        {
            return false;
        }

        id = parsed;
        return true;
    }

    /// <summary>An enum by its name (any case); numbers are refused, so undefined values cannot pass.</summary>
    public static bool TryEnum<TEnum>(HttpRequest request, string name, out TEnum? value, out IResult? problem)
        where TEnum : struct, Enum
    {
        value = null;
        problem = null;
        if (Text(request, name) is not { Length: > 0 } text)
        {
            return true;
        }

        if (!char.IsAsciiLetter(text[0]) || !Enum.TryParse<TEnum>(text, ignoreCase: true, out var parsed))
        {
            problem = AffiliateProblems.Invalid(
                $"Query '{name}' must be one of: {string.Join(", ", Enum.GetNames<TEnum>().Select(Camel))}."
            );
            return false;
        }

        value = parsed;
        return true;
    }

    public static bool TryInt(HttpRequest request, string name, int min, int max, ref int value, out IResult? problem)
    {
        problem = null;
        if (Text(request, name) is not { Length: > 0 } text)
        {
            return true;
        }

        if (
            !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)
            || parsed < min
            || parsed > max
        )
        {
            problem = AffiliateProblems.Invalid($"Query '{name}' must be a whole number from {min} to {max}.");
            return false;
        }

        value = parsed;
        return true;
    }

    /// <summary>
    /// The program a request is about (<c>?program=</c>, else the default one); an unknown id is
    /// <c>unknown_program</c>.
    /// </summary>
    public static bool TryProgram(
        HttpRequest request,
        ProgramCatalog programs,
        out AffiliateProgram program,
        out IResult? problem
    )
    {
        program = null!;
        if (!TryOptionalId<ProgramId>(request, "program", out var id, out problem))
        {
            return false;
        }

        if (programs.Find(id) is not { } found)
        {
            problem = Problem(AffiliateErrorCodes.UnknownProgram, "No program has this id.");
            return false;
        }

        program = found;
        return true;
    }

    /// <summary>
    /// A period of whole days in the program's zone: <c>from</c> (inclusive) and <c>until</c> (exclusive); by
    /// default the 30 days up to and including today.
    /// </summary>
    public static bool TryDays(
        HttpRequest request,
        AffiliateProgram program,
        IClock clock,
        out LocalDate from,
        out LocalDate until,
        out IResult? problem
    )
    {
        var today = clock.GetCurrentInstant().InZone(program.TimeZone).Date;
        from = today.PlusDays(-29);
        until = today.PlusDays(1);
        if (
            !TryDate(request, "from", out var givenFrom, out problem)
            || !TryDate(request, "until", out var givenUntil, out problem)
        )
        {
            return false;
        }

        until = givenUntil ?? (givenFrom is { } f && f >= until ? f.PlusDays(1) : until);
        from = givenFrom ?? until.PlusDays(-30);
        if (until <= from)
        {
            problem = AffiliateProblems.Invalid(
                "Query 'until' must be after 'from' (from is inclusive, until exclusive)."
            );
            return false;
        }

        return true;
    }

    /// <summary>The period of days as instants: from the start of <c>from</c> to the start of <c>until</c>.</summary>
    public static (Instant From, Instant Until) Instants(AffiliateProgram program, LocalDate from, LocalDate until) =>
        (from.AtStartOfDayInZone(program.TimeZone).ToInstant(), until.AtStartOfDayInZone(program.TimeZone).ToInstant());

    /// <summary>Whether the client asks for CSV (<c>Accept: text/csv</c>).</summary>
    /// <summary>
    /// What every list reads from the query: the program, the page (<c>cursor</c>, <c>size</c>) and the period
    /// (<c>from</c>, <c>until</c>: days, turned into instants at midnight in the program's time zone).
    /// </summary>
    public static bool TryList(HttpRequest request, ProgramCatalog programs, out ListQuery list, out IResult? problem)
    {
        list = default;
        if (
            !TryProgram(request, programs, out var program, out problem)
            || !TryPage(request, out var page, out problem)
            || !TryDate(request, "from", out var from, out problem)
            || !TryDate(request, "until", out var until, out problem)
        )
        {
            return false;
        }

        list = new ListQuery(
            program,
            page,
            from?.AtStartOfDayInZone(program.TimeZone).ToInstant(),
            until?.AtStartOfDayInZone(program.TimeZone).ToInstant()
        );
        return true;
    }

    public static bool WantsCsv(HttpRequest request) =>
        request.Headers.Accept.Any(a => a is not null && a.Contains("text/csv", StringComparison.OrdinalIgnoreCase));

    public static IResult Csv(string text, string fileName) =>
        Results.File(System.Text.Encoding.UTF8.GetBytes(text), "text/csv; charset=utf-8", fileName);

    public static IResult Problem(string code, string detail) =>
        AffiliateProblems.Problem(new AffiliateError(code, detail));

    private static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}

/// <summary>A list's program, page and period, read by <see cref="ApiRequest.TryList"/>.</summary>
internal readonly record struct ListQuery(AffiliateProgram Program, PageRequest Page, Instant? From, Instant? Until);
