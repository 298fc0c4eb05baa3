namespace Affiliate.Stores;

/// <summary>
/// An optional store capability: serialises the changes to one conversion, so that concurrent refunds of one order
/// (on one instance or several) wait for each other instead of colliding on the conversion's version and giving up.
/// <see cref="ConversionRecorder"/> reads the conversion and writes its refund under the lock; without
/// this capability it relies on row versions and retries alone.
/// </summary>
public interface IConversionLockStore
{
    /// <summary>
    /// Waits until no other holder has the lock on the conversion and takes it. Reads made through the same store
    /// while it is held see every change committed before it was taken.
    /// </summary>
    /// <returns>A handle that releases the lock when disposed.</returns>
    ValueTask<IAsyncDisposable> LockConversionAsync(
        ProgramId programId,
        ConversionId conversionId,
        CancellationToken cancellationToken
    );
}
