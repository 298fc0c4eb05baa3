using System.Net;
using Affiliate.Stores;

namespace Affiliate;

// Batch ingestion: many clicks with a few store round trips instead of two or three per click. The answers and the
// stored clicks are those of RecordAsync called once per request in order (ClickBatchSpecification proves it).
public sealed partial class ClickTracker
{
    // Velocity queries per CountClicksUpToAsync call: each is a scalar subquery with its own parameters, and one
    // statement stays far below the providers' parameter limits (SQLite 32,766, PostgreSQL 65,535).
    private const int VelocityQueriesPerRoundTrip = 200;

    // Click ids per FindClicksAsync call.
    private const int IdsPerRoundTrip = 500;

    /// <summary>
    /// Records many clicks, with the same answers and the same stored clicks as <see cref="RecordAsync"/> called once
    /// per request in the order given: the same checks, the same replay or conflict for a click id recorded before
    /// (or earlier in the batch), the same velocity counts and fraud verdicts. The batch's given click ids are looked
    /// up in one round trip per program, velocity is counted once per IP hash and visitor (the batch's own earlier
    /// clicks are added in memory), and clicks are then written one by one in order.
    /// </summary>
    /// <returns>One result per request, in order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="requests"/> is null.</exception>
    /// <exception cref="ArgumentException">A request is null.</exception>
    /// <remarks>
    /// With a buffering touch store (the bulk click writer) a click written earlier in the batch is already counted
    /// by the velocity rules and answers a repeated id as a replay, although the store cannot read it yet: one by one,
    /// both would miss it until its batch is flushed.
    /// </remarks>
    public async ValueTask<IReadOnlyList<AffiliateResult<Click>>> RecordManyAsync(
        IReadOnlyList<ClickRequest> requests,
        CancellationToken cancellationToken = default
    )
    {
        ArgumentNullException.ThrowIfNull(requests);
        for (var i = 0; i < requests.Count; i++)
        {
            if (requests[i] is null)
            {
                throw new ArgumentException($"requests[{i}] is null.", nameof(requests));
            }
        }

        using var activity = diagnostics.Start("affiliate.click.record_many", null);
        activity?.SetTag("affiliate.click.batch_size", requests.Count);
        var results = new AffiliateResult<Click>[requests.Count];
        var prepared = new PreparedClick?[requests.Count];
        for (var i = 0; i < requests.Count; i++)
        {
            var (ready, refused) = await PrepareAsync(requests[i], cancellationToken).ConfigureAwait(false);
            prepared[i] = ready;
            if (ready is null)
            {
                results[i] = refused!;
            }
        }

        var known = await KnownClicksAsync(prepared, cancellationToken).ConfigureAwait(false);
        var velocity = await BatchVelocity
            .CountAsync(prepared, options.Value.Fraud, touches, cancellationToken)
            .ConfigureAwait(false);
        var writtenHere = new HashSet<(ProgramId, ClickId)>();
        for (var i = 0; i < prepared.Length; i++)
        {
            if (prepared[i] is not { } ready)
            {
                continue;
            }

            var (request, _, click, _) = ready;
            if (request.ClickId is { } id && known.TryGetValue((click.ProgramId, id), out var existing))
            {
                // A click written earlier in this batch is read back as one by one would (a store may keep coarser
                // instants); a buffering store cannot read it yet, so it is replayed as written.
                if (writtenHere.Contains((click.ProgramId, id)))
                {
                    existing = await touches
                        .FindClickAsync(click.ProgramId, id, cancellationToken)
                        .ConfigureAwait(false)
                        ?? existing;
                }

                results[i] = Replay(existing, click, request.OccurredAt is not null);
                continue;
            }

            var result = await StoreAsync(ready, velocity.CountsFor(i), cancellationToken).ConfigureAwait(false);
            results[i] = result;
            if (result.Value is { } stored)
            {
                if (!result.AlreadyRecorded)
                {
                    velocity.Written(i, stored);
                    writtenHere.Add((stored.ProgramId, stored.Id));
                }

                if (request.ClickId is not null)
                {
                    known[(stored.ProgramId, stored.Id)] = stored;
                }
            }
        }

        activity?.SetTag("affiliate.outcome", "recorded");
        return [.. results.Select((r, i) => diagnostics.Clicked(null, requests[i].ProgramId, r))];
    }

    /// <summary>The stored clicks with the batch's given ids: one round trip per program (and 500 ids).</summary>
    private async ValueTask<Dictionary<(ProgramId, ClickId), Click>> KnownClicksAsync(
        PreparedClick?[] prepared,
        CancellationToken cancellationToken
    )
    {
        var known = new Dictionary<(ProgramId, ClickId), Click>();
        var given = prepared
            .Where(p => p?.Request is { ClickId: not null, ClickIdIsNew: false })
            .Select(p => (p!.Click.ProgramId, Id: p.Request.ClickId!.Value))
            .Distinct()
            .GroupBy(p => p.ProgramId, p => p.Id);
        foreach (var program in given)
        {
            foreach (var ids in program.Chunk(IdsPerRoundTrip))
            {
                var found = await touches.FindClicksAsync(program.Key, ids, cancellationToken).ConfigureAwait(false);
                foreach (var click in found)
                {
                    known[(click.ProgramId, click.Id)] = click;
                }
            }
        }

        return known;
    }

    /// <summary>A request that passed the checks needing no store, and the click it would store.</summary>
    private sealed record PreparedClick(ClickRequest Request, DateTimeZone TimeZone, Click Click, IPAddress? Ip);

    /// <summary>
    /// The velocity counts of a batch: per source (an IP hash or a visitor in a program) the store's count in each
    /// click's window, read before the batch writes anything, plus the batch's clicks written before it. Equal to
    /// the count one by one, where those clicks would already be in the store.
    /// </summary>
    private sealed class BatchVelocity
    {
        private readonly Source?[] _ip;
        private readonly Source?[] _visitor;
        private readonly Instant[] _at;

        private BatchVelocity(int count)
        {
            _ip = new Source?[count];
            _visitor = new Source?[count];
            _at = new Instant[count];
        }

        public static async ValueTask<BatchVelocity> CountAsync(
            PreparedClick?[] prepared,
            FraudOptions fraud,
            ITouchStore touches,
            CancellationToken cancellationToken
        )
        {
            var velocity = new BatchVelocity(prepared.Length);
            var sources = new Dictionary<(ProgramId, bool, string), Source>();
            for (var i = 0; i < prepared.Length; i++)
            {
                if (prepared[i]?.Click is not { } click)
                {
                    continue;
                }

                velocity._at[i] = click.OccurredAt;
                if (fraud.IpVelocity is { Enabled: true, MaxClicks: > 0 } ip && click.IpHash is { } hash)
                {
                    velocity._ip[i] = Join(sources, (click.ProgramId, true, hash), ip, i, click.OccurredAt);
                }

                if (fraud.VisitorVelocity is { Enabled: true, MaxClicks: > 0 } visitor)
                {
                    velocity._visitor[i] = Join(
                        sources,
                        (click.ProgramId, false, click.VisitorId),
                        visitor,
                        i,
                        click.OccurredAt
                    );
                    velocity._visitor[i]!.AllNew &= prepared[i]!.Request.VisitorIsNew;
                }
            }

            // First the bounds of each source: when no click of the batch could see a stored click (its union of
            // windows is empty) or every one sees the limit (their common window holds it), that settles the source.
            var bounds = sources.Values.SelectMany(s => s.Bounds()).ToList();
            await RunAsync(touches, bounds, cancellationToken).ConfigureAwait(false);
            var each = sources.Values.Where(s => !s.Settled).SelectMany(s => s.EachTime()).ToList();
            await RunAsync(touches, each, cancellationToken).ConfigureAwait(false);
            return velocity;
        }

        /// <summary>The counts of click <paramref name="index"/>: the store's, and the batch's before it.</summary>
        public (int FromIp, int FromVisitor) CountsFor(int index) =>
            (_ip[index]?.CountAt(_at[index]) ?? 0, _visitor[index]?.CountAt(_at[index]) ?? 0);

        /// <summary>Click <paramref name="index"/> was stored: later clicks of its sources count it.</summary>
        public void Written(int index, Click click)
        {
            _ip[index]?.Written.Add(click.OccurredAt);
            _visitor[index]?.Written.Add(click.OccurredAt);
        }

        private static Source Join(
            Dictionary<(ProgramId, bool, string), Source> sources,
            (ProgramId Program, bool ByIp, string Key) key,
            ClickVelocityOptions rule,
            int index,
            Instant at
        )
        {
            if (!sources.TryGetValue(key, out var source))
            {
                source = new Source(
                    key.Program,
                    key.ByIp ? key.Key : null,
                    key.ByIp ? null : key.Key,
                    rule.MaxClicks,
                    rule.Window
                );
                sources.Add(key, source);
            }

            source.Times.Add(at);
            return source;
        }

        private static async ValueTask RunAsync(
            ITouchStore touches,
            List<(ClickLimit Limit, Action<int> Apply)> queries,
            CancellationToken cancellationToken
        )
        {
            foreach (var chunk in queries.Chunk(VelocityQueriesPerRoundTrip))
            {
                var counts = await touches
                    .CountClicksUpToAsync([.. chunk.Select(q => q.Limit)], cancellationToken)
                    .ConfigureAwait(false);
                for (var q = 0; q < chunk.Length; q++)
                {
                    chunk[q].Apply(counts[q]);
                }
            }
        }
    }

    /// <summary>A velocity source of a batch: its rule, its clicks' instants, what the store holds.</summary>
    private sealed class Source(ProgramId programId, string? ipHash, string? visitorId, int limit, Duration window)
    {
        private readonly Dictionary<Instant, int> _stored = [];
        private int? _all;

        public HashSet<Instant> Times { get; } = [];

        /// <summary>The instants of the batch's clicks of this source already written.</summary>
        public List<Instant> Written { get; } = [];

        /// <summary>Whether every click of the source said its visitor id was made for it (none stored).</summary>
        public bool AllNew { get; set; } = true;

        public bool Settled => _all is not null || _stored.Count == Times.Count;

        /// <summary>The union and the intersection of the clicks' windows (one window for one instant).</summary>
        public IEnumerable<(ClickLimit, Action<int>)> Bounds()
        {
            if (AllNew && visitorId is not null)
            {
                _all = 0;
                yield break;
            }

            if (Times.Count == 1)
            {
                var at = Times.First();
                yield return (Limit(at - window, at), n => _stored[at] = n);
                yield break;
            }

            var (first, last) = (Times.Min(), Times.Max());
            yield return (Limit(first - window, last), n => _all = n == 0 ? 0 : _all);
            if (last - window <= first)
            {
                yield return (Limit(last - window, first), n => _all = n >= limit ? limit : _all);
            }
        }

        /// <summary>Each click's own window, when the bounds did not settle them.</summary>
        public IEnumerable<(ClickLimit, Action<int>)> EachTime() =>
            Times.Select(at => (Limit(at - window, at), (Action<int>)(n => _stored[at] = n)));

        public int CountAt(Instant at)
        {
            var stored = _all ?? _stored[at];
            if (stored >= limit)
            {
                return limit;
            }

            var from = at - window;
            var until = at + Duration.Epsilon;
            var earlier = Written.Count(t => t >= from && t < until);
            return Math.Min(limit, stored + earlier);
        }

        // Clicks in [from, through], as CountVelocityAsync asks one click at a time ([at - window, at + 1 ns)).
        private ClickLimit Limit(Instant from, Instant through) =>
            new(
                new ClickQuery
                {
                    ProgramId = programId,
                    IpHash = ipHash,
                    VisitorId = visitorId,
                    From = from,
                    Until = through + Duration.Epsilon,
                },
                limit
            );
    }
}
