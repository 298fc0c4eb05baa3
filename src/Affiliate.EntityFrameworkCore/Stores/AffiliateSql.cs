using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Affiliate.EntityFrameworkCore;

/// <summary>
/// Hand-written SQL on the affiliate tables for the statements EF Core cannot express (upserts that add to counters,
/// set-based moves with RETURNING, bulk inserts): commands on one connection and transaction, table names from the
/// model's options, values always as parameters. Sets of values travel as ONE parameter whatever their size: arrays
/// expanded by <c>unnest</c> on PostgreSQL, a JSON array expanded by <c>json_each</c> on SQLite (which has no arrays,
/// and whose binding of many named parameters costs the square of their number).
/// </summary>
internal sealed class AffiliateSql(
    DbConnection connection,
    DbTransaction? transaction,
    AffiliateSchema.Provider provider,
    AffiliateModelOptions options
)
{
    /// <summary>The SQL of a context, in its current transaction (or none).</summary>
    public static AffiliateSql Of(DbContext context) =>
        new(
            context.Database.GetDbConnection(),
            context.Database.CurrentTransaction?.GetDbTransaction(),
            AffiliateSchema.ProviderOf(context),
            AffiliateModelOptions.Of(context)
        );

    public bool IsPostgres => provider == AffiliateSchema.Provider.PostgreSql;

    /// <summary>A table's name as written into SQL (schema and prefix included).</summary>
    public string Table(string name) => AffiliateSchema.Table(options, provider, name);

    /// <summary><c>column IN (the ids)</c> for a parameter made by <see cref="Strings"/>.</summary>
    public string In(string column, string parameter) =>
        IsPostgres ? $"{column} = ANY({parameter})" : $"{column} IN (SELECT value FROM json_each({parameter}))";

    /// <summary>Text compared byte by byte (ordinal, as the in-memory store orders), whatever the collation.</summary>
    public string Ordinal(string expression) => IsPostgres ? expression + " COLLATE \"C\"" : expression;

    /// <summary>Item <paramref name="index"/> (from 0) of a JSON array in a text column, as text, or NULL.</summary>
    public string JsonItem(string column, int index) =>
        IsPostgres ? $"({column}::json ->> {index})" : $"({column} ->> {index})";

    /// <summary>A list of strings as one parameter value for <see cref="In"/>.</summary>
    public object Strings(IReadOnlyList<string> values) => IsPostgres ? values.ToArray() : JsonArray(values);

    /// <summary>
    /// <c>SELECT</c> of rows given column by column: <c>unnest(@c0::type[], ...)</c> on PostgreSQL, <c>json_each</c>
    /// over one JSON array of rows on SQLite. Rows come out in the order given (locks are taken in that order).
    /// </summary>
    public RowSet Rows(params RowColumn[] columns) => new(this, columns);

    public DbCommand Command(string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    public async Task<int> ExecuteAsync(
        string sql,
        CancellationToken cancellationToken,
        params (string Name, object? Value)[] parameters
    )
    {
        await using var command = Command(sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<List<T>> QueryAsync<T>(
        string sql,
        Func<DbDataReader, T> read,
        CancellationToken cancellationToken,
        params (string Name, object? Value)[] parameters
    )
    {
        await using var command = Command(sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    /// <summary>A whole number read from a column (SQLite integers, PostgreSQL bigint, integer or numeric).</summary>
    public static long Long(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? 0 : Convert.ToInt64(reader.GetValue(ordinal), CultureInfo.InvariantCulture);

    private static string JsonArray(IReadOnlyList<string> values)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var value in values)
            {
                json.WriteStringValue(value);
            }

            json.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The SQL type of a <see cref="RowColumn"/>.</summary>
    public enum ColumnType
    {
        Text,
        Integer,
        BigInt,
    }

    /// <summary>A column of a <see cref="RowSet"/>: its name and type.</summary>
    public readonly record struct RowColumn(string Name, ColumnType Type);

    /// <summary>Rows to send as parameters; see <see cref="Rows"/>.</summary>
    public sealed class RowSet
    {
        private readonly AffiliateSql _sql;
        private readonly RowColumn[] _columns;
        private readonly List<object?>[] _values;
        private int _column;

        internal RowSet(AffiliateSql sql, RowColumn[] columns)
        {
            _sql = sql;
            _columns = columns;
            _values = columns.Select(_ => new List<object?>()).ToArray();
        }

        public int Count { get; private set; }

        /// <summary>Starts a row; then call <c>Add</c> once per column, in order.</summary>
        public RowSet Row()
        {
            EndRow();
            Count++;
            return this;
        }

        public RowSet Add(string? value)
        {
            _values[_column++].Add(value);
            return this;
        }

        public RowSet Add(long value)
        {
            _values[_column++].Add(value);
            return this;
        }

        /// <summary>
        /// The SELECT producing the rows, with columns named as given plus an <c>ordinal</c> column counting rows from
        /// 1 that keeps their order, and its parameters (named <c>@{prefix}0</c>, <c>@{prefix}1</c>...).
        /// </summary>
        public (string Select, (string Name, object? Value)[] Parameters) Build(string parameterPrefix)
        {
            EndRow();
            if (_sql.IsPostgres)
            {
                var parameters = new (string, object?)[_columns.Length];
                var casts = new string[_columns.Length];
                for (var i = 0; i < _columns.Length; i++)
                {
                    var name = $"@{parameterPrefix}{i}";
                    parameters[i] = (
                        name,
                        _columns[i].Type switch
                        {
                            ColumnType.Text => _values[i].Cast<string?>().ToArray(),
                            ColumnType.Integer => _values[i].Select(v => checked((int)(long)v!)).ToArray(),
                            _ => (object)_values[i].Select(v => (long)v!).ToArray(),
                        }
                    );
                    var type = _columns[i].Type switch
                    {
                        ColumnType.Text => "text",
                        ColumnType.Integer => "integer",
                        _ => "bigint",
                    };
                    casts[i] = $"{name}::{type}[]";
                }

                var names = string.Join(", ", _columns.Select(c => c.Name));
                var unnest = string.Join(", ", casts);
                var select = $"SELECT {names}, ordinal FROM unnest({unnest}) WITH ORDINALITY AS r({names}, ordinal)";
                return (select, parameters);
            }

            // SQLite: one JSON array of rows, each an array of the values in column order.
            using var buffer = new MemoryStream();
            using (var json = new Utf8JsonWriter(buffer))
            {
                json.WriteStartArray();
                for (var row = 0; row < Count; row++)
                {
                    json.WriteStartArray();
                    foreach (var column in _values)
                    {
                        switch (column[row])
                        {
                            case null:
                                json.WriteNullValue();
                                break;
                            case string text:
                                json.WriteStringValue(text);
                                break;
                            case long number:
                                json.WriteNumberValue(number);
                                break;
                        }
                    }

                    json.WriteEndArray();
                }

                json.WriteEndArray();
            }

            var items = string.Join(", ", _columns.Select((c, i) => $"j.value ->> {i} AS {c.Name}"));
            var rows = Encoding.UTF8.GetString(buffer.ToArray());
            return (
                $"SELECT {items}, j.key + 1 AS ordinal FROM json_each(@{parameterPrefix}0) AS j WHERE true",
                [($"@{parameterPrefix}0", rows)]
            );
        }

        private void EndRow()
        {
            if (_values.Any(v => v.Count != Count))
            {
                throw new InvalidOperationException($"A row has values for {_column} of {_columns.Length} columns.");
            }

            _column = 0;
        }
    }
}
