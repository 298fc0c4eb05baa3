using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Affiliate.AspNetCore.Portal;

/// <summary>
/// What every page handler does: build the page's view, render a page, read a form, redirect after it.
/// </summary>
internal static class PortalRequest
{
    /// <summary>The query parameter a redirect after a form names its notice in.</summary>
    public const string NoticeParameter = "done";

    /// <summary>
    /// The notices a redirect may show, by key: only these, so a crafted link cannot put words on the page.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> Notices = new Dictionary<string, string>(
        StringComparer.Ordinal
    )
    {
        ["applied"] = "Thank you: your application was received.",
        ["link-created"] = "Your link was created.",
        ["link-deactivated"] = "The link was deactivated.",
        ["partner-updated"] = "The partner was updated.",
        ["plan-scheduled"] = "The plan version was scheduled.",
        ["review-decided"] = "The review was decided.",
        ["approvals-run"] = "Due commissions were approved.",
        ["payout-run"] = "The payout run finished.",
        ["payout-updated"] = "The payout was updated.",
    };

    public static T Get<T>(this HttpContext context)
        where T : notnull => context.RequestServices.GetRequiredService<T>();

    public static IStringLocalizer Text(HttpContext context) => context.Get<IStringLocalizer<PortalText>>();

    public static PortalView View(
        HttpContext context,
        string section,
        string title,
        Partner? partner = null,
        PortalFormError? error = null
    )
    {
        var mount = context.GetEndpoint()?.Metadata.GetMetadata<PortalMount>()
            ?? throw new InvalidOperationException("A portal page ran outside MapAffiliatePortal/MapAffiliateAdmin.");
        var notice =
            context.Request.Query[NoticeParameter].ToString() is { Length: > 0 } key
            && Notices.TryGetValue(key, out var text)
                ? Text(context)[text].Value
                : null;
        return new PortalView
        {
            Area = mount.Area,
            BasePath = context.Request.PathBase.Add(new PathString(mount.Prefix.TrimEnd('/'))).Value ?? "",
            Section = section,
            Title = title,
            Options = context.Get<IOptions<PortalOptions>>().Value,
            Antiforgery = context.Get<IAntiforgery>().GetAndStoreTokens(context),
            Partner = partner,
            Notice = notice,
            Paged = context.Request.Query.ContainsKey("cursor"),
            Error = error,
        };
    }

    /// <summary>
    /// Renders <typeparamref name="TPage"/> with its model (static server rendering, no interactivity).
    /// </summary>
    public static IResult Page<TPage>(object model, int status = StatusCodes.Status200OK)
        where TPage : IComponent =>
        new RazorComponentResult<TPage>(new Dictionary<string, object?> { [nameof(PortalPage.Model)] = model })
        {
            StatusCode = status,
        };

    /// <summary>The 404 page: unknown ids and other partners' ids alike.</summary>
    public static IResult NotFound(HttpContext context, Partner? partner = null)
    {
        var text = Text(context);
        return Page<MessagePage>(
            new MessageModel(
                View(context, "", text["Not found"], partner),
                text["There is nothing here. It may have been removed, or the address may be mistyped."]
            ),
            StatusCodes.Status404NotFound
        );
    }

    /// <summary>
    /// The posted form when its antiforgery token is valid, else null (the caller answers
    /// <see cref="FormRefused"/> and writes nothing).
    /// </summary>
    public static async Task<IFormCollection?> ReadFormAsync(HttpContext context)
    {
        if (!context.Request.HasFormContentType)
        {
            return null;
        }

        try
        {
            if (!await context.Get<IAntiforgery>().IsRequestValidAsync(context).ConfigureAwait(false))
            {
                return null;
            }

            return await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception exception)
            when (exception is AntiforgeryValidationException or InvalidDataException or BadHttpRequestException)
        {
            // A body that is no readable form (bad encoding, control characters, over the size limits) is refused
            // like a missing token: nothing is done.
            return null;
        }
    }

    /// <summary>The answer to a form without a valid antiforgery token (an expired page, or a forged post).</summary>
    public static IResult FormRefused(HttpContext context, Partner? partner = null)
    {
        var text = Text(context);
        return Page<MessagePage>(
            new MessageModel(
                View(context, "", text["The form has expired"], partner),
                text[
                    "The form was not accepted because it expired or did not come from this site. Go back, reload "
                        + "the page and try again."
                ]
            ),
            StatusCodes.Status400BadRequest
        );
    }

    /// <summary>The redirect after a successful post (303, so the browser follows with a GET).</summary>
    public static IResult SeeOther(HttpContext context, string path, string? notice = null)
    {
        var mount = context.GetEndpoint()!.Metadata.GetMetadata<PortalMount>()!;
        var url = context.Request.PathBase.Add(new PathString(mount.Prefix.TrimEnd('/') + path)).Value ?? "/";
        if (notice is not null)
        {
            url += (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + NoticeParameter + "=" + notice;
        }

        return new SeeOtherResult(url);
    }

    /// <summary>A form field's value, trimmed; null when missing or blank.</summary>
    public static string? Field(IFormCollection form, string name) =>
        form[name].ToString().Trim() is { Length: > 0 } value ? value : null;

    private sealed class SeeOtherResult(string url) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status303SeeOther;
            httpContext.Response.Headers.Location = url;
            return Task.CompletedTask;
        }
    }
}
