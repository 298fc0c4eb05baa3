namespace Affiliate.EntityFrameworkCore.Tests.Model;

/// <summary>
/// How many histories reached each situation the issue lists. A run that never reached one proves nothing about it,
/// so the SQLite property fails when one of the common situations is missing; the rare ones (a version refused, a
/// clawback netted in a later payout, a review rejected...) are reached for certain by <see
/// cref="DirectedHistoryTests"/>, so that no seed makes this check flaky. Thread-safe.
/// </summary>
public sealed class ModelCoverage
{
    /// <summary>
    /// The situations every run of 100 histories reaches (each in at least 10 of 100 histories in measured runs of
    /// 300, so missing one by chance is about one in 20,000).
    /// </summary>
    public static readonly string[] Required =
    [
        "sale by last click",
        "sale by coupon",
        "sale without a click in the window",
        "sale held for review",
        "upline commission",
        "plan version scheduled",
        "sale priced by a later version",
        "reversal of a Pending commission",
        "refund refused",
        "balance below the threshold waits",
        "payout paid",
    ];

    private readonly Lock _gate = new();
    private readonly SortedDictionary<string, int> _counts = new(StringComparer.Ordinal);

    private TimeSpan _starting;
    private int _histories;
    private int _ops;

    /// <summary>Counts the time a fresh database and host took to start.</summary>
    public void Started(TimeSpan took)
    {
        lock (_gate)
        {
            _starting += took;
        }
    }

    public void Add(IEnumerable<string> reached, int ops)
    {
        lock (_gate)
        {
            _histories++;
            _ops += ops;
            foreach (var situation in reached)
            {
                _counts[situation] = _counts.GetValueOrDefault(situation) + 1;
            }
        }
    }

    /// <summary>Every situation reached at least once.</summary>
    public HashSet<string> Situations
    {
        get
        {
            lock (_gate)
            {
                return _counts.Keys.ToHashSet(StringComparer.Ordinal);
            }
        }
    }

    public void AssertReachedEverything()
    {
        lock (_gate)
        {
            var missing = Required.Where(r => !_counts.ContainsKey(r)).ToArray();
            Assert.True(missing.Length == 0, $"No history reached: {string.Join(", ", missing)}.\n{this}");
        }
    }

    public override string ToString()
    {
        lock (_gate)
        {
            return $"{_histories} histories, {_ops} ops, {_starting.TotalSeconds:0.0} s starting fresh databases; "
                + "histories reaching each situation: "
                + string.Join("; ", _counts.Select(c => $"{c.Key} {c.Value}"));
        }
    }
}
