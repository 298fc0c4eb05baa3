using Affiliate.Stores;

namespace Affiliate;

public sealed partial class ConversionRecorder
{
    /// <summary>
    /// Whether the conversion is the customer's first purchase in the program: the host's
    /// <see cref="ConversionFacts.NewCustomer"/> when set, else true exactly when a sale or renewal's customer has no
    /// record yet (one lookup by key). The record of a first purchase is written with the conversion, whatever its
    /// outcome (attributed or not): a customer who bought once without a partner is a returning customer after.
    /// Without a customer id, or for leads, signups, clicks and custom events, newness stays the host's value or
    /// unknown (null), and a new- or returning-customer rule does not match.
    /// </summary>
    private async ValueTask<CustomerFacts> CustomerFactsAsync(
        ProgramId programId,
        ConversionRequest request,
        ConversionFacts facts,
        CancellationToken cancellationToken
    )
    {
        var purchase = facts.Kind is ConversionKind.Sale or ConversionKind.Renewal;
        if (request.CustomerId is not { } customerId || !purchase)
        {
            return new CustomerFacts(facts, null, false);
        }

        var known = await conversions.FindCustomerAsync(programId, customerId, cancellationToken).ConfigureAwait(false);
        if (known is not null)
        {
            return new CustomerFacts(facts with { NewCustomer = facts.NewCustomer ?? false }, null, false);
        }

        // Priced as new on the strength of the missing record: the write fails rather than let a concurrent purchase
        // of the same customer be a first purchase too.
        var first = new CustomerRecord(programId, customerId, facts.Id, facts.OccurredAt);
        var mustBeNew = facts.NewCustomer is null;
        return new CustomerFacts(facts with { NewCustomer = facts.NewCustomer ?? true }, first, mustBeNew);
    }

    /// <summary>The facts to price, newness filled in, and the customer record to write with the conversion.</summary>
    private readonly record struct CustomerFacts(ConversionFacts Facts, CustomerRecord? Record, bool MustBeNew);
}
