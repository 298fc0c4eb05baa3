namespace Affiliate.Stores;

public sealed partial class InMemoryAffiliateStore : IConversionLockStore
{
    private readonly Dictionary<(ProgramId, ConversionId), (SemaphoreSlim Gate, int Users)> _conversionLocks = [];

    /// <summary>One semaphore per conversion while someone holds or waits for it; removed by the last user.</summary>
    public async ValueTask<IAsyncDisposable> LockConversionAsync(
        ProgramId programId,
        ConversionId conversionId,
        CancellationToken cancellationToken
    )
    {
        var key = (programId, conversionId);
        SemaphoreSlim gate;
        lock (_gate)
        {
            var entry = _conversionLocks.GetValueOrDefault(key);
            gate = entry.Gate ?? new SemaphoreSlim(1, 1);
            _conversionLocks[key] = (gate, entry.Users + 1);
        }

        try
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Leave(key);
            throw;
        }

        return new ConversionLock(this, key, gate);
    }

    private void Leave((ProgramId, ConversionId) key)
    {
        lock (_gate)
        {
            var (gate, users) = _conversionLocks[key];
            if (users == 1)
            {
                _conversionLocks.Remove(key);
                gate.Dispose();
            }
            else
            {
                _conversionLocks[key] = (gate, users - 1);
            }
        }
    }

    private sealed class ConversionLock(InMemoryAffiliateStore store, (ProgramId, ConversionId) key, SemaphoreSlim gate)
        : IAsyncDisposable
    {
        private int _released;

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
                store.Leave(key);
            }

            return ValueTask.CompletedTask;
        }
    }
}
