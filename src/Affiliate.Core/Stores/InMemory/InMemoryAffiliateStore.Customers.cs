namespace Affiliate.Stores;

// Customer records and adjustment ids: the keyed lookups behind new-customer conditions and idempotent adjustments.
public sealed partial class InMemoryAffiliateStore
{
    /// <inheritdoc />
    public ValueTask<CustomerRecord?> FindCustomerAsync(
        ProgramId programId,
        CustomerId customerId,
        CancellationToken cancellationToken
    )
    {
        lock (_gate)
        {
            return ValueTask.FromResult(_customers.GetValueOrDefault((programId, customerId)));
        }
    }

    /// <inheritdoc />
    public ValueTask<CommissionLine?> FindAdjustmentAsync(
        ProgramId programId,
        string adjustmentId,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(adjustmentId);
        lock (_gate)
        {
            return ValueTask.FromResult(
                _adjustments.TryGetValue((programId, adjustmentId), out var id) ? _lines.GetValueOrDefault(id) : null
            );
        }
    }

    /// <summary>Adds the record unless the customer has one (the first purchase stays first); true if added.</summary>
    private bool AddCustomer(CustomerRecord customer) =>
        _customers.TryAdd((customer.ProgramId, customer.CustomerId), customer);
}
