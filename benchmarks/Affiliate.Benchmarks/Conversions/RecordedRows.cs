using System.Data.Common;
using System.Globalization;
using Affiliate.Benchmarks.Infrastructure;

namespace Affiliate.Benchmarks.Conversions;

/// <summary>One row as the library wrote it: its table, column names and values, read back with plain
/// ADO.NET.</summary> <param name="Table">The table (with the library's prefix).</param> <param name="Columns">The
/// column names.</param> <param name="Values">The values, in column order (DBNull for nulls).</param>
public sealed record RecordedRow(string Table, IReadOnlyList<string> Columns, IReadOnlyList<object> Values);

/// <summary>
/// The rows the library writes for one recorded sale (the conversion, its conversion_partners row, its commission
/// lines and its outbox events), read back after it recorded one, so the hand-written baseline inserts exactly the
/// same rows, column for column, whatever columns the schema has by then.
/// </summary>
public static class RecordedRows
{
    /// <summary>Reads the rows of <paramref name="conversionId"/> and the outbox events after <paramref
    /// name="outboxBefore"/>.</summary>
    public static async Task<IReadOnlyList<RecordedRow>> ReadAsync(
        BenchDatabase database,
        string conversionId,
        long outboxBefore
    )
    {
        ArgumentNullException.ThrowIfNull(database);
        await using var connection = await database.OpenAsync();
        var rows = new List<RecordedRow>();
        rows.AddRange(await SelectAsync(connection, "conversions", "id = @id", conversionId));
        rows.AddRange(await SelectAsync(connection, "conversion_partners", "conversion_id = @id", conversionId));
        rows.AddRange(await SelectAsync(connection, "commission_lines", "conversion_id = @id", conversionId));
        rows.AddRange(await SelectAsync(connection, "outbox", "sequence > @id", outboxBefore));
        var events = rows.Count(r => r.Table.EndsWith("outbox", StringComparison.Ordinal));
        if (events < 2 || rows[0].Table != BenchDatabase.Table("conversions"))
        {
            throw new InvalidOperationException(
                $"Reading back the rows of {conversionId} found {rows.Count} rows; the library wrote more than that."
            );
        }

        return rows;
    }

    /// <summary>The outbox's highest sequence number (0 when empty).</summary>
    public static Task<long> LastOutboxSequenceAsync(BenchDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        return database.ScalarAsync($"SELECT COALESCE(MAX(sequence), 0) FROM {BenchDatabase.Table("outbox")}");
    }

    private static async Task<List<RecordedRow>> SelectAsync(
        DbConnection connection,
        string table,
        string where,
        object key
    )
    {
        var name = BenchDatabase.Table(table);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM {name} WHERE {where}";
        var parameter = command.CreateParameter();
        parameter.ParameterName = "id";
        parameter.Value = key;
        command.Parameters.Add(parameter);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<RecordedRow>();
        while (await reader.ReadAsync())
        {
            var columns = new List<string>();
            var values = new List<object>();
            for (var i = 0; i < reader.FieldCount; i++)
            {
                // The outbox numbers its events itself.
                if (table == "outbox" && reader.GetName(i) == "sequence")
                {
                    continue;
                }

                columns.Add(reader.GetName(i));
                values.Add(reader.GetValue(i));
            }

            rows.Add(new RecordedRow(name, columns, values));
        }

        return rows;
    }

    /// <summary>A key made unique per sale, for the rows' ids.</summary>
    public static string Unique(string value, string sale) =>
        string.Create(CultureInfo.InvariantCulture, $"{value}-{sale}");
}
