namespace Affiliate.Reliability.Tests.Infrastructure;

/// <summary>
/// A count the test awaits reaching (clicks acknowledged, deliveries answered): the request that moves it signals the
/// waiter, so the test kills the host at a known point of its progress without polling.
/// </summary>
internal sealed class ProgressCount
{
    private readonly Lock _gate = new();
    private readonly List<(int Target, TaskCompletionSource Reached)> _waiters = [];
    private int _count;

    public int Value
    {
        get
        {
            lock (_gate)
            {
                return _count;
            }
        }
    }

    public void Increment()
    {
        var reached = new List<TaskCompletionSource>();
        lock (_gate)
        {
            _count++;
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Target <= _count)
                {
                    reached.Add(_waiters[i].Reached);
                    _waiters.RemoveAt(i);
                }
            }
        }

        reached.ForEach(r => r.TrySetResult());
    }

    /// <summary>Completes once the count is at least <paramref name="target"/>.</summary>
    public Task WhenReachedAsync(int target)
    {
        lock (_gate)
        {
            if (_count >= target)
            {
                return Task.CompletedTask;
            }

            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((target, reached));
            return reached.Task;
        }
    }
}
