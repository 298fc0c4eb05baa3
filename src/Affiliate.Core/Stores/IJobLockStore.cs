namespace Affiliate.Stores;

/// <summary>
/// An optional store capability: a lock one instance holds while it runs a batch job (approving due commissions,
/// creating payouts), so that other instances skip the job instead of reading the same rows and losing every version
/// check. Correctness never depends on it (row versions do); it saves the wasted work. Stores that cannot lock across
/// processes simply do not implement it.
/// </summary>
public interface IJobLockStore
{
    /// <summary>
    /// Takes the lock named <paramref name="job"/>, or returns null at once when another holder has it.
    /// </summary>
    /// <returns>A handle that releases the lock when disposed, or null.</returns>
    ValueTask<IAsyncDisposable?> TryAcquireAsync(string job, CancellationToken cancellationToken);
}
