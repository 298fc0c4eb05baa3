using System.Globalization;
using System.Text;
using Affiliate.Benchmarks.Infrastructure;
using Affiliate.EntityFrameworkCore;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace Affiliate.Benchmarks.Clicks;

/// <summary>
/// The provider's raw bulk path, the baseline of the bulk click writer: on SQLite prepared multi-row INSERTs in one
/// transaction, on PostgreSQL one binary COPY straight into the clicks table. No duplicate checks, no locks.
/// </summary>
public static class RawClickWriter
{
    /// <summary>Rows per SQLite statement: the store's own measured best (16 rows, 240 parameters).</summary>
    private const int RowsPerStatement = 16;

    /// <summary>Writes the rows.</summary>
    public static async Task WriteAsync(BenchDatabase database, IReadOnlyList<ClickRow> rows)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(rows);
        await using var connection = await database.OpenAsync();
        if (connection is NpgsqlConnection postgres)
        {
            await CopyAsync(postgres, rows);
        }
        else
        {
            await InsertAsync((SqliteConnection)connection, rows);
        }
    }

    private static async Task CopyAsync(NpgsqlConnection connection, IReadOnlyList<ClickRow> rows)
    {
        var columns = string.Join(", ", ClickRows.Columns);
        var copy = $"COPY {BenchDatabase.Table("clicks")} ({columns}) FROM STDIN (FORMAT BINARY)";
        await using var importer = await connection.BeginBinaryImportAsync(copy);
        foreach (var row in rows)
        {
            await importer.StartRowAsync();
            foreach (var value in ClickRows.Values(row))
            {
                switch (value)
                {
                    case DBNull:
                        await importer.WriteNullAsync();
                        break;
                    case long ticks:
                        await importer.WriteAsync(ticks, NpgsqlDbType.Bigint);
                        break;
                    case bool flag:
                        await importer.WriteAsync(flag, NpgsqlDbType.Boolean);
                        break;
                    default:
                        await importer.WriteAsync((string)value, NpgsqlDbType.Text);
                        break;
                }
            }
        }

        await importer.CompleteAsync();
    }

    private static async Task InsertAsync(SqliteConnection connection, IReadOnlyList<ClickRow> rows)
    {
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        SqliteCommand? full = null;
        try
        {
            for (var start = 0; start < rows.Count; start += RowsPerStatement)
            {
                var count = Math.Min(RowsPerStatement, rows.Count - start);
                var command =
                    count == RowsPerStatement
                        ? full ??= await PrepareAsync(connection, transaction, count)
                        : await PrepareAsync(connection, transaction, count);
                for (var i = 0; i < count; i++)
                {
                    var values = ClickRows.Values(rows[start + i]);
                    for (var c = 0; c < values.Length; c++)
                    {
                        command.Parameters[(i * values.Length) + c].Value = values[c];
                    }
                }

                await command.ExecuteNonQueryAsync();
                if (command != full)
                {
                    await command.DisposeAsync();
                }
            }
        }
        finally
        {
            if (full is not null)
            {
                await full.DisposeAsync();
            }
        }

        await transaction.CommitAsync();
    }

    private static async Task<SqliteCommand> PrepareAsync(
        SqliteConnection connection,
        SqliteTransaction transaction,
        int rows
    )
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        var sql = new StringBuilder("INSERT INTO ")
            .Append(BenchDatabase.Table("clicks"))
            .Append(" (")
            .Append(string.Join(", ", ClickRows.Columns))
            .Append(") VALUES ");
        for (var i = 0; i < rows; i++)
        {
            sql.Append(i == 0 ? "(" : ",(");
            for (var c = 0; c < ClickRows.Columns.Length; c++)
            {
                var name = "@p" + ((i * ClickRows.Columns.Length) + c).ToString(CultureInfo.InvariantCulture);
                sql.Append(c == 0 ? string.Empty : ",").Append(name);
                command.Parameters.Add(new SqliteParameter { ParameterName = name });
            }

            sql.Append(')');
        }

        command.CommandText = sql.ToString();
        await command.PrepareAsync();
        return command;
    }
}
