using Affiliate.EntityFrameworkCore;
using Affiliate.EntityFrameworkCore.Tests.Infrastructure;
using Affiliate.EntityFrameworkCore.Tests.Specification;
using Affiliate.Stores;
using Affiliate.Stores.Specification;
using Microsoft.EntityFrameworkCore;

namespace Affiliate.EntityFrameworkCore.Tests.Stores;

/// <summary>
/// Different conversions of one new customer recorded at once (say two orders placed seconds apart on two servers)
/// each try to bind the customer: the first binding stays, and no conversion fails because another one bound first.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresCustomerBindingRaceTests(PostgresServer server)
{
    private const int Racers = 4;

    [PostgresFact]
    public async Task Conversions_of_one_new_customer_recorded_at_once_are_all_written_and_the_first_binding_stays()
    {
        await using var database = await TestDatabase.PostgresAsync(server);
        for (var round = 0; round < 5; round++)
        {
            var customer = $"cus-{round}";
            var records = Enumerable.Range(0, Racers).Select(i => Conversion(round, i, customer)).ToArray();
            var stores = records.Select(_ => new EntityFrameworkAffiliateStore(database.NewContext())).ToArray();

            var results = await AtOnce.RunAsync(Racers, i =>
                stores[i].RecordAsync(records[i], CancellationToken.None).AsTask()
            );

            Assert.All(results, r => Assert.Equal(StoreWriteStatus.Written, r.Status));
            var bindings = await BindingsAsync(database, customer);
            var binding = Assert.Single(bindings);

            // The binding is one racer's, whole: its conversion and its partner.
            var winner = Array.FindIndex(records, r => r.Conversion.Id.Value == binding.ConversionId);
            Assert.True(winner >= 0, $"The binding names conversion {binding.ConversionId}, which no racer recorded.");
            Assert.Equal(records[winner].Binding!.PartnerId.Value, binding.PartnerId);
            foreach (var record in records)
            {
                Assert.NotNull(
                    await ((IConversionStore)stores[0]).FindAsync(
                        SpecData.Program,
                        record.Conversion.Id,
                        CancellationToken.None
                    )
                );
            }

            // First one wins: a later conversion of the customer leaves the binding alone.
            var later = Conversion(round, Racers, customer);
            Assert.Equal(StoreWriteStatus.Written, (await stores[0].RecordAsync(later, CancellationToken.None)).Status);
            var after = Assert.Single(await BindingsAsync(database, customer));
            Assert.Equal(binding.ConversionId, after.ConversionId);
            Assert.Equal(binding.PartnerId, after.PartnerId);
        }
    }

    private static ConversionRecord Conversion(int round, int racer, string customer)
    {
        var conversion = SpecData.NewConversion($"cnv-{round}-{racer}", partners: [$"p-{racer}"], customer: customer);
        return SpecData.Record(
            conversion,
            SpecData.NewLine($"cml-{round}-{racer}", partner: $"p-{racer}", conversion: conversion.Id.Value)
        ) with
        {
            Binding = SpecData.NewBinding(customer, $"p-{racer}", conversion.Id.Value),
        };
    }

    private static async Task<List<CustomerBindingRow>> BindingsAsync(TestDatabase database, string customer)
    {
        await using var context = database.NewContext();
        return await context
            .Set<CustomerBindingRow>()
            .AsNoTracking()
            .Where(b => b.CustomerId == customer)
            .ToListAsync();
    }
}
