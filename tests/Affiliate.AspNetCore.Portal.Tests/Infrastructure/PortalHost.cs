using System.Net;
using Affiliate.AspNetCore.Tests.Infrastructure;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Affiliate.AspNetCore.Portal.Tests.Infrastructure;

/// <summary>
/// The adapter tests' <see cref="TestHost"/> with the portal registered and mounted at <c>/partners</c> and the admin
/// at <c>/affiliate-admin</c>, and helpers that read pages as HTML and post their forms as a browser would (the
/// antiforgery cookie and hidden field of the page the form is on).
/// </summary>
public sealed class PortalHost : IAsyncDisposable
{
    /// <summary>Where the partner portal is mounted.</summary>
    public const string Partners = "/partners";

    /// <summary>Where the admin is mounted.</summary>
    public const string Admin = "/affiliate-admin";

    private static readonly HtmlParser Parser = new();

    private PortalHost(TestHost host) => Host = host;

    /// <summary>The running host.</summary>
    public TestHost Host { get; }

    /// <summary>Starts a host; <paramref name="configure"/> changes its setup (the portal is always added).</summary>
    public static async Task<PortalHost> StartAsync(Action<TestHostSetup>? configure = null)
    {
        var setup = new TestHostSetup();
        configure?.Invoke(setup);
        var builder = setup.Builder;
        setup.Builder = affiliates =>
        {
            builder?.Invoke(affiliates);
            affiliates.UsePortal();
        };
        var pipeline = setup.Pipeline;
        setup.Pipeline = app =>
        {
            pipeline?.Invoke(app);
            // The pages write amounts and dates in the request's culture: English here, whatever the machine's.
            app.UseRequestLocalization("en-US");
            app.MapAffiliatePortal(Partners);
            app.MapAffiliateAdmin(Admin);
        };
        return new PortalHost(await TestHost.StartAsync(setup));
    }

    /// <summary>Parses an answer's HTML.</summary>
    public static async Task<IHtmlDocument> ParseAsync(HttpResponseMessage response) =>
        Parser.ParseDocument(await response.Content.ReadAsStringAsync());

    /// <summary>Gets a page, checks its status and parses it.</summary>
    public static async Task<IHtmlDocument> PageAsync(
        HttpClient client,
        string url,
        HttpStatusCode expected = HttpStatusCode.OK
    )
    {
        using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"GET {url} answered {response.StatusCode}: {body}");
        Assert.StartsWith("text/html", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        return await Parser.ParseDocumentAsync(body);
    }

    /// <summary>
    /// Opens <paramref name="url"/>, fills the form that <paramref name="formSelector"/> finds with its hidden
    /// fields (the antiforgery token among them) and <paramref name="fields"/>, and posts it with the page's
    /// antiforgery cookie. Redirects are not followed.
    /// </summary>
    public static async Task<HttpResponseMessage> SubmitAsync(
        HttpClient client,
        string url,
        string formSelector,
        IReadOnlyDictionary<string, string>? fields = null
    )
    {
        using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = await Parser.ParseDocumentAsync(await response.Content.ReadAsStringAsync());
        var form =
            document.QuerySelector(formSelector) as IHtmlFormElement
            ?? throw new InvalidOperationException($"{url} has no form '{formSelector}'.");
        Assert.Equal("post", form.Method, ignoreCase: true);
        var values = new List<KeyValuePair<string, string>>();
        foreach (var input in form.QuerySelectorAll("input[type=hidden]").OfType<IHtmlInputElement>())
        {
            if (fields?.ContainsKey(input.Name!) != true)
            {
                values.Add(KeyValuePair.Create(input.Name!, input.Value));
            }
        }

        values.AddRange(fields ?? new Dictionary<string, string>());
        using var post = new HttpRequestMessage(
            HttpMethod.Post,
            new Uri(form.GetAttribute("action")!, UriKind.Relative)
        )
        {
            Content = new FormUrlEncodedContent(values),
        };
        if (response.Headers.TryGetValues("Set-Cookie", out var cookies))
        {
            post.Headers.Add("Cookie", string.Join("; ", cookies.Select(c => c.Split(';')[0])));
        }

        return await client.SendAsync(post);
    }

    /// <summary>Posts a form without a token: what a forged request from another site looks like.</summary>
    public static Task<HttpResponseMessage> PostWithoutTokenAsync(
        HttpClient client,
        string url,
        IReadOnlyDictionary<string, string> fields
    ) => client.PostAsync(new Uri(url, UriKind.Relative), new FormUrlEncodedContent(fields));

    /// <summary>Runs <paramref name="action"/> with a request scope's services.</summary>
    public Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> action) => Host.InScopeAsync(action);

    /// <summary>A service of a new scope, for a test's arrangements.</summary>
    public Task<T> Service<T>()
        where T : notnull => Host.InScopeAsync(s => Task.FromResult(s.GetRequiredService<T>()));

    /// <inheritdoc />
    public ValueTask DisposeAsync() => Host.DisposeAsync();
}
