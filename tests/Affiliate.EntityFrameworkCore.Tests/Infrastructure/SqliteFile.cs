using Microsoft.Data.Sqlite;

namespace Affiliate.EntityFrameworkCore.Tests.Infrastructure;

/// <summary>
/// A fresh SQLite database file in its own temporary directory (<c>affiliate-sqlite-XXXXXXXX/test.db</c>), deleted
/// with the directory (and any <c>-wal</c>/<c>-shm</c>/<c>-journal</c> files beside it) on dispose.
/// </summary>
/// <example>
/// <code>
/// await using var db = new SqliteFile();
/// var options = new DbContextOptionsBuilder&lt;MyContext&gt;().UseSqlite(db.ConnectionString).Options;
/// </code>
/// </example>
/// <remarks>
/// The connection string turns pooling off by default: every closed connection then really closes its file handle,
/// so nothing outlives the test and the file is deletable on every OS. Pass <c>pooling: true</c> to test with the
/// provider's default pooling; dispose clears this database's pool before deleting either way.
/// <c>Default Timeout=30</c> gives commands 30 s, which also bounds how long a writer waits for SQLite's lock.
/// </remarks>
public sealed class SqliteFile : IAsyncDisposable, IDisposable
{
    private bool _disposed;

    /// <summary>Creates the directory and an empty database file in it.</summary>
    /// <param name="pooling">Whether connections made from <see cref="ConnectionString"/> are pooled.</param>
    public SqliteFile(bool pooling = false)
    {
        DirectoryPath = System.IO.Path.Combine(
            System.IO.Path.GetTempPath(),
            "affiliate-sqlite-" + Guid.NewGuid().ToString("N")[..8]
        );
        Directory.CreateDirectory(DirectoryPath);
        Path = System.IO.Path.Combine(DirectoryPath, "test.db");
        ConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = pooling,
            DefaultTimeout = 30,
        }.ConnectionString;

        // Opening creates the (empty, valid) database file, so it exists from the start.
        using var connection = new SqliteConnection(ConnectionString);
        connection.Open();
    }

    /// <summary>The directory that holds the database file and is deleted on dispose.</summary>
    public string DirectoryPath { get; }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary><c>Data Source=PATH;Mode=ReadWriteCreate;Pooling=False;Default Timeout=30</c>.</summary>
    public string ConnectionString { get; }

    /// <summary>A new open connection to the database; the caller disposes it.</summary>
    public async Task<SqliteConnection> OpenConnectionAsync()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var connection = new SqliteConnection(ConnectionString);
        try
        {
            await connection.OpenAsync();
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        using (var connection = new SqliteConnection(ConnectionString))
        {
            SqliteConnection.ClearPool(connection);
        }

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if (Directory.Exists(DirectoryPath))
                {
                    Directory.Delete(DirectoryPath, recursive: true);
                }

                return;
            }
            catch (IOException) when (attempt < 3)
            {
                // Windows only (Linux deletes open files): a connection pooled under another connection string (say one
                // EF built from ours) still holds the file. Clear every pool, then try again.
                SqliteConnection.ClearAllPools();
            }
        }
    }
}
