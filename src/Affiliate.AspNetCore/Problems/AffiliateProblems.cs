using Microsoft.AspNetCore.Http;

namespace Affiliate.AspNetCore;

/// <summary>
/// RFC 9457 problem details for every failure the adapter answers: the core's <see cref="AffiliateError"/> (its
/// category decides the status) and the adapter's own <see cref="AffiliateHttpErrorCodes"/>. Each answer carries the
/// stable code twice: in <c>type</c> (<c>urn:affiliate:error:{code}</c>) and as the <c>code</c> member.
/// </summary>
public static class AffiliateProblems
{
    /// <summary>The prefix of every problem <c>type</c>; the stable code follows it.</summary>
    public const string TypePrefix = "urn:affiliate:error:";

    /// <summary>The HTTP status of an error category: 400, 404, 409, 403 or 503.</summary>
    public static int StatusOf(AffiliateErrorCategory category) =>
        category switch
        {
            AffiliateErrorCategory.NotFound => StatusCodes.Status404NotFound,
            AffiliateErrorCategory.Conflict => StatusCodes.Status409Conflict,
            AffiliateErrorCategory.Forbidden => StatusCodes.Status403Forbidden,
            AffiliateErrorCategory.Unavailable => StatusCodes.Status503ServiceUnavailable,
            _ => StatusCodes.Status400BadRequest,
        };

    /// <summary>A problem answer for a core error, with the status its category maps to.</summary>
    public static IResult Problem(AffiliateError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return Problem(StatusOf(error.Category), error.Code, error.Description);
    }

    /// <summary>A problem answer with an explicit status, code and detail.</summary>
    public static IResult Problem(int status, string code, string detail) =>
        TypedResults.Problem(
            detail: detail,
            statusCode: status,
            title: Title(status),
            type: TypePrefix + code,
            extensions: new Dictionary<string, object?>(StringComparer.Ordinal) { ["code"] = code }
        );

    /// <summary>A 400 answer with the core's <c>invalid_request</c> code; the detail names the field.</summary>
    public static IResult Invalid(string detail) =>
        Problem(StatusCodes.Status400BadRequest, AffiliateErrorCodes.InvalidRequest, detail);

    /// <summary>The success answer of a result, or the problem answer of its error.</summary>
    public static IResult ToHttpResult<T>(this AffiliateResult<T> result, Func<T, IResult> onSuccess)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(onSuccess);
        return result.Error is { } error ? Problem(error) : onSuccess(result.Value!);
    }

    private static string Title(int status) =>
        status switch
        {
            StatusCodes.Status400BadRequest => "The request is invalid.",
            StatusCodes.Status401Unauthorized => "The request is not authenticated.",
            StatusCodes.Status403Forbidden => "The request is not allowed.",
            StatusCodes.Status404NotFound => "Not found.",
            StatusCodes.Status409Conflict => "The request conflicts with recorded state.",
            StatusCodes.Status413PayloadTooLarge => "The body is too large.",
            StatusCodes.Status415UnsupportedMediaType => "The body's media type is not supported.",
            StatusCodes.Status429TooManyRequests => "Too many requests.",
            StatusCodes.Status503ServiceUnavailable => "Try again later.",
            _ => "The request failed.",
        };
}
