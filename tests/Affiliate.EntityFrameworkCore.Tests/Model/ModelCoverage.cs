namespace Affiliate.EntityFrameworkCore.Tests.Model;

/// <summary>
/// How many histories reached each situation the issue lists. A run that never reached one proves nothing about it,
/// so the SQLite property fails when one is missing. Thread-safe.
/// </summary>
public sealed class ModelCoverage
{
    /// <summary>The situations every full run must reach at least once.</summary>
    public static readonly string[] Required =
    [
        "sale by last click",
        "sale by coupon",
        "sale without a click in the window",
        "sale held for review",
        "review approved",
        "review rejected",
        "upline commission",
        "plan version scheduled",
        "plan version refused",
        "sale priced by a later version",
        "reversal of a Pending commission",
        "reversal of a Approved commission",
        "full refund of a Pending commission",
        "refund refused",
        "clawback after payment",
        "clawback in a payout",
        "clawback netted in a payout",
        "negative balance waits",
        "balance below the threshold waits",
        "payout paid",
        "payout failed",
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
