using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Affiliate.AspNetCore.Tests.Infrastructure;

/// <summary>
/// The number of rows in every table of the test host's SQLite database, to show that a refused request wrote
/// nothing anywhere (not only in the table the test thought of).
/// </summary>
public static class RowCounts
{
    /// <summary>Table name to row count, for every table of the database.</summary>
    public static Task<IReadOnlyDictionary<string, long>> ReadAsync(TestHost host) =>
        host.InScopeAsync<IReadOnlyDictionary<string, long>>(async services =>
        {
            var context = services.GetRequiredService<TestShopContext>();
            var connection = context.Database.GetDbConnection();
            await connection.OpenAsync();
            try
            {
                var tables = new List<string>();
                await using (var list = connection.CreateCommand())
                {
                    list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name";
                    await using var reader = await list.ExecuteReaderAsync();
                    while (await reader.ReadAsync())
                    {
                        tables.Add(reader.GetString(0));
                    }
                }

                var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
                foreach (var table in tables)
                {
                    counts[table] = await CountAsync(connection, table);
                }

                return counts;
            }
            finally
            {
                await connection.CloseAsync();
            }
        });

    private static async Task<long> CountAsync(DbConnection connection, string table)
    {
        await using var count = connection.CreateCommand();
#pragma warning disable CA2100 // The table names come from sqlite_master, not from input.
        count.CommandText = $"SELECT COUNT(*) FROM \"{table}\"";
#pragma warning restore CA2100
        return Convert.ToInt64(await count.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
