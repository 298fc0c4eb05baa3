using System.Globalization;
using System.Net;
using Affiliate.AspNetCore.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Affiliate.AspNetCore.Tests.Hostile;

/// <summary>What kind of answer a request must get besides "no 5xx".</summary>
public enum HostileAnswer
{
    /// <summary>An API or webhook answer: every 4xx is RFC 9457 problem details.</summary>
    Problem,

    /// <summary>A page of the host the tracking middleware runs in front of: it renders (2xx or 3xx).</summary>
    Page,

    /// <summary>Any status under 500; the caller checks the rest (a redirect's target).</summary>
    Any,

    /// <summary>A portal form: every 4xx is an HTML page of the portal (its refusal), never a bare error.</summary>
    Form,
}

/// <summary>
/// Sends hostile requests to a test host and checks each answer: no 5xx and no exception out of the host, problem
/// details for every 4xx of an API, and no write to the database unless the input was allowed to write and was
/// accepted. A write is any commit by any connection: SQLite's <c>PRAGMA data_version</c> on a connection of the
/// probe's own moves whenever another connection commits, which also catches updates and deletes that leave the row
/// counts as they were, and costs one statement per request.
/// </summary>
public sealed class HostileProbe : IAsyncDisposable
{
    private readonly TestHost _host;
    private readonly SqliteConnection _watch;
    private readonly Dictionary<string, int> _sent = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TimeSpan> _took = new(StringComparer.Ordinal);
    private long _version;

    private HostileProbe(TestHost host, SqliteConnection watch)
    {
        _host = host;
        _watch = watch;
    }

    /// <summary>The failures so far, each with the surface and the input.</summary>
    public List<string> Failures { get; } = [];

    /// <summary>Inputs sent per surface.</summary>
    public IReadOnlyDictionary<string, int> Sent => _sent;

    /// <summary>All inputs sent.</summary>
    public int Total => _sent.Values.Sum();

    /// <summary>Opens the probe's own connection to the host's SQLite file.</summary>
    public static async Task<HostileProbe> OpenAsync(TestHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var connectionString = await host.InScopeAsync(services =>
            Task.FromResult(services.GetRequiredService<TestShopContext>().Database.GetConnectionString()!)
        );
        var watch = new SqliteConnection(connectionString);
        await watch.OpenAsync();
        var probe = new HostileProbe(host, watch);
        await probe.SettleAsync();
        return probe;
    }

    /// <summary>
    /// Takes the writes of what the test did itself (seeding, a request that may write) as the new starting point.
    /// </summary>
    public async Task SettleAsync()
    {
        await _host.FlushClicksAsync();
        _version = await DataVersionAsync();
    }

    /// <summary>
    /// Sends <paramref name="request"/> and checks its answer; answers it (the caller disposes it) or null when the
    /// host threw.
    /// </summary>
    /// <param name="surface">Where the input belongs, for the counts.</param>
    /// <param name="client">The caller (anonymous, a partner, an admin).</param>
    /// <param name="request">The hostile request.</param>
    /// <param name="answer">What the answer must be.</param>
    /// <param name="mayWrite">Whether an accepted (2xx/3xx) answer may write; a refusal never may.</param>
    public async Task<HttpResponseMessage?> SendAsync(
        string surface,
        HttpClient client,
        HttpRequestMessage request,
        HostileAnswer answer,
        bool mayWrite
    )
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(request);
        _sent[surface] = _sent.GetValueOrDefault(surface) + 1;
        var what = $"[{surface}] {request.Method} {Short(request.RequestUri?.OriginalString)}";
        if (request.Content is not null)
        {
            what += " " + Short(await request.Content.ReadAsStringAsync());
        }

        HttpResponseMessage response;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            response = await client.SendAsync(request);
        }
#pragma warning disable CA1031 // An exception escaping the host is exactly the failure this probe reports.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Failures.Add($"{what}: threw {e.GetType().Name}: {e.Message}");
            await SettleAsync();
            return null;
        }

        var status = (int)response.StatusCode;
        what += $": {status}";
        if (status >= 500)
        {
            Failures.Add(what + " " + Short(await response.Content.ReadAsStringAsync()));
        }
        else if (answer == HostileAnswer.Page && status >= 400)
        {
            Failures.Add(what + ": the page did not render");
        }
        else if (
            answer == HostileAnswer.Form
            && status >= 400
            && response.Content.Headers.ContentType?.MediaType != "text/html"
        )
        {
            Failures.Add(what + " is no portal page");
        }
        else if (
            answer == HostileAnswer.Problem
            && status >= 400
            && response.StatusCode != HttpStatusCode.MethodNotAllowed
            && response.Content.Headers.ContentType?.MediaType != "application/problem+json"
        )
        {
            Failures.Add(what + " is no problem details");
        }

        await _host.FlushClicksAsync();
        var version = await DataVersionAsync();
        if (version != _version && !(mayWrite && status < 400))
        {
            Failures.Add(what + " wrote to the database");
        }

        _version = version;
        _took[surface] = _took.GetValueOrDefault(surface) + System.Diagnostics.Stopwatch.GetElapsedTime(started);
        return response;
    }

    /// <summary>The counts per surface, one line each, and the total.</summary>
    public string Report() =>
        string.Join(
            Environment.NewLine,
            _sent
                .OrderBy(s => s.Key, StringComparer.Ordinal)
                .Select(s =>
                    string.Create(
                        CultureInfo.InvariantCulture,
                        $"{s.Key, -28} {s.Value, 6} {_took.GetValueOrDefault(s.Key).TotalSeconds, 6:F1} s"
                    )
                )
                .Append(string.Create(CultureInfo.InvariantCulture, $"{"total", -28} {Total, 6}"))
        );

    /// <summary>A string cut for a failure line.</summary>
    public static string Short(string? text) =>
        text is null ? ""
        : text.Length <= 80 ? text
        : text[..80] + $"...({text.Length})";

    private async Task<long> DataVersionAsync()
    {
        await using var command = _watch.CreateCommand();
        command.CommandText = "PRAGMA data_version";
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await _watch.DisposeAsync();
}
