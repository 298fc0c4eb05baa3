namespace Affiliate.Stores;

/// <summary>How a store write ended. Stores never throw for these expected outcomes.</summary>
public enum StoreWriteStatus
{
    /// <summary>Everything was written, atomically.</summary>
    Written = 0,

    /// <summary>Nothing was written: a record with the same idempotency key exists.</summary>
    Duplicate = 1,

    /// <summary>
    /// Nothing was written: a record changed since it was read (version mismatch) or a unique value is taken.
    /// </summary>
    Conflict = 2,

    /// <summary>
    /// Nothing was written: the store had no room for it (a click buffer full or stopping). The write may succeed
    /// later; nothing about the record is wrong.
    /// </summary>
    Dropped = 3,
}

/// <summary>The outcome of a store write.</summary>
/// <param name="Status">Written, duplicate, conflict or dropped.</param>
/// <param name="Detail">What collided, for logs.</param>
public readonly record struct StoreWriteResult(StoreWriteStatus Status, string? Detail = null)
{
    /// <summary>Everything was written.</summary>
    public static StoreWriteResult Written { get; } = new(StoreWriteStatus.Written);

    /// <summary>A record with the same key exists.</summary>
    public static StoreWriteResult Duplicate(string detail) => new(StoreWriteStatus.Duplicate, detail);

    /// <summary>A version or unique value collided.</summary>
    public static StoreWriteResult Conflict(string detail) => new(StoreWriteStatus.Conflict, detail);

    /// <summary>The store had no room for the write (nothing was written).</summary>
    public static StoreWriteResult Dropped(string detail) => new(StoreWriteStatus.Dropped, detail);

    /// <summary>True when written.</summary>
    public bool Succeeded => Status == StoreWriteStatus.Written;
}

/// <summary>A record to replace, if it still has the version it was read with.</summary>
/// <typeparam name="T">The record type.</typeparam>
/// <param name="Value">The new state; the store writes it with version <paramref name="ExpectedVersion"/> + 1.</param>
/// <param name="ExpectedVersion">The version the caller read.</param>
public readonly record struct Versioned<T>(T Value, long ExpectedVersion);
