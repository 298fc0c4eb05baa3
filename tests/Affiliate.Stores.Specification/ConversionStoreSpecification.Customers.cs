using static Affiliate.Stores.Specification.SpecData;

namespace Affiliate.Stores.Specification;

// Customer records: a customer's first purchase in a program, written with the conversion, found by its key.
public abstract partial class ConversionStoreSpecification
{
    private static CustomerRecord Customer(string customer, string conversion, Instant at, ProgramId? program = null) =>
        new(program ?? Program, new CustomerId(customer), new ConversionId(conversion), at);

    [Fact]
    public async Task A_customer_record_is_written_with_its_conversion_and_found_by_program_and_customer()
    {
        var first = Customer("cus-1", "cnv-1", At(1));
        var record = Record(NewConversion("cnv-1", at: At(1), partners: ["p-1"])) with { Customer = first };

        Assert.Equal(StoreWriteStatus.Written, (await Stores.Conversions.RecordAsync(record, None)).Status);

        Assert.Equal(first, await Stores.Conversions.FindCustomerAsync(Program, new CustomerId("cus-1"), None));
        Assert.Null(await Stores.Conversions.FindCustomerAsync(OtherProgram, new CustomerId("cus-1"), None));
        Assert.Null(await Stores.Conversions.FindCustomerAsync(Program, new CustomerId("cus-2"), None));
    }

    [Fact]
    public async Task A_later_purchase_keeps_the_first_record_and_one_that_must_be_new_is_a_conflict_writing_nothing()
    {
        var first = Customer("cus-1", "cnv-1", At(1));
        await RecordAsync(Record(NewConversion("cnv-1", at: At(1))) with { Customer = first });
        var pending = await PendingEventIdsAsync();

        // Told of the record or not, a second first purchase never replaces the first one.
        var later = Record(NewConversion("cnv-2", at: At(2))) with { Customer = Customer("cus-1", "cnv-2", At(2)) };
        Assert.Equal(StoreWriteStatus.Written, (await Stores.Conversions.RecordAsync(later, None)).Status);
        Assert.Equal(first, await Stores.Conversions.FindCustomerAsync(Program, new CustomerId("cus-1"), None));

        var line = NewLine("cml-3", conversion: "cnv-3", createdAt: At(3));
        var racing = Record(NewConversion("cnv-3", at: At(3)), line) with
        {
            Customer = Customer("cus-1", "cnv-3", At(3)),
            CustomerMustBeNew = true,
        };
        Assert.Equal(StoreWriteStatus.Conflict, (await Stores.Conversions.RecordAsync(racing, None)).Status);

        Assert.Null(await Stores.Conversions.FindAsync(Program, new ConversionId("cnv-3"), None));
        Assert.Null(await Stores.Ledger.FindLineAsync(line.Id, None));
        Assert.Equal(first, await Stores.Conversions.FindCustomerAsync(Program, new CustomerId("cus-1"), None));
        var expected = pending.Concat(later.Events.Select(e => e.EventId)).ToArray();
        Assert.Equal(expected, await PendingEventIdsAsync());
    }

    [Fact]
    public async Task Of_many_first_purchases_of_one_customer_at_once_that_must_be_new_exactly_one_is_written()
    {
        var records = Enumerable
            .Range(0, 6)
            .Select(i =>
                Record(NewConversion($"cnv-{i}", at: At(i))) with
                {
                    Customer = Customer("cus-race", $"cnv-{i}", At(i)),
                    CustomerMustBeNew = true,
                }
            )
            .ToArray();

        var results = await RaceAsync(records.Length, (stores, i) => stores.Conversions.RecordAsync(records[i], None));

        var winner = AssertExactlyOneWritten(results, StoreWriteStatus.Conflict);
        Assert.Equal(
            records[winner].Customer,
            await Stores.Conversions.FindCustomerAsync(Program, new CustomerId("cus-race"), None)
        );
        for (var i = 0; i < records.Length; i++)
        {
            var found = await Stores.Conversions.FindAsync(Program, records[i].Conversion.Id, None);
            Assert.Equal(i == winner, found is not null);
        }
    }
}
