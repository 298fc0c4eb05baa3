using System.Data.Common;
using Affiliate.Benchmarks.Infrastructure;

namespace Affiliate.Benchmarks.Conversions;

/// <summary>
/// The baseline of the conversion benchmarks: inserts the rows one recorded sale writes (captured with
/// <see cref="RecordedRows"/>) in one transaction with plain ADO.NET and prepared commands, changing only the ids so
/// each sale is new. No reads, no attribution, no fraud rules, no pricing: what writing a sale costs at the least.
/// </summary>
public sealed class HandWrittenConversionWriter : IAsyncDisposable
{
    private readonly DbConnection _connection;
    private readonly List<(DbCommand Command, RecordedRow Row)> _inserts;
    private readonly string _conversionId;

    private HandWrittenConversionWriter(
        DbConnection connection,
        List<(DbCommand, RecordedRow)> inserts,
        string conversionId
    )
    {
        _connection = connection;
        _inserts = inserts;
        _conversionId = conversionId;
    }

    /// <summary>Opens a connection and prepares one INSERT per captured row.</summary>
    public static async Task<HandWrittenConversionWriter> OpenAsync(
        BenchDatabase database,
        IReadOnlyList<RecordedRow> rows
    )
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(rows);
        var connection = await database.OpenAsync();
        var inserts = new List<(DbCommand, RecordedRow)>();
        foreach (var row in rows)
        {
            var command = connection.CreateCommand();
            var values = string.Join(", ", row.Columns.Select((_, i) => "@p" + i));
            command.CommandText = $"INSERT INTO {row.Table} ({string.Join(", ", row.Columns)}) VALUES ({values})";
            for (var i = 0; i < row.Columns.Count; i++)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = "p" + i;
                parameter.Value = row.Values[i];
                command.Parameters.Add(parameter);
            }

            await command.PrepareAsync();
            inserts.Add((command, row));
        }

        var conversionId = (string)rows[0].Values[IndexOf(rows[0].Columns, "id")];
        return new HandWrittenConversionWriter(connection, inserts, conversionId);
    }

    /// <summary>Inserts one sale's rows, with ids made unique by <paramref name="sale"/>, in one transaction.</summary>
    public async Task InsertAsync(string sale)
    {
        await using var transaction = await _connection.BeginTransactionAsync();
        foreach (var (command, row) in _inserts)
        {
            command.Transaction = transaction;
            for (var i = 0; i < row.Columns.Count; i++)
            {
                command.Parameters[i].Value = ValueFor(row.Columns[i], row.Values[i], sale);
            }

            await command.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var (command, _) in _inserts)
        {
            await command.DisposeAsync();
        }

        await _connection.DisposeAsync();
    }

    private static int IndexOf(IReadOnlyList<string> columns, string column)
    {
        for (var i = 0; i < columns.Count; i++)
        {
            if (columns[i] == column)
            {
                return i;
            }
        }

        throw new InvalidOperationException($"The captured conversion row has no '{column}' column.");
    }

    /// <summary>Ids (the conversion's, the lines', the events') made unique per sale; every other value as
    /// captured.</summary>
    private object ValueFor(string column, object value, string sale) =>
        value switch
        {
            string text when text == _conversionId => RecordedRows.Unique(text, sale),
            string when column == "event_id" => Guid.NewGuid().ToString("D"),
            string text when column == "id" => RecordedRows.Unique(text, sale),
            _ => value,
        };
}
