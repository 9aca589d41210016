using DuckDB.NET.Data;

namespace Features.Host.Tests.Infrastructure;

/// <summary>
/// Reads a downloaded Parquet file with DuckDB: a second Parquet implementation (its own C++ reader, not Arrow's, which
/// both the host and <see cref="ParquetFiles"/> use), as a researcher's DuckDB session would read our files.
/// </summary>
public static class DuckDbFiles
{
    /// <summary>Column name to values, shaped like <see cref="ParquetFiles.Read(byte[])"/>: timestamps as UTC DateTime, numbers and booleans (1/0) as double, strings as string, null kept.</summary>
    public static Dictionary<string, List<object?>> Read(byte[] bytes) => ParquetFiles.OnDisk(bytes, path =>
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM read_parquet('{path}')";
        using var reader = command.ExecuteReader();
        var names = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
        var columns = names.ToDictionary(n => n, _ => new List<object?>());
        while (reader.Read())
        {
            for (var c = 0; c < names.Count; c++)
            {
                columns[names[c]].Add(reader.IsDBNull(c) ? null : reader.GetValue(c) switch
                {
                    DateTimeOffset t => t.UtcDateTime,
                    DateTime t => DateTime.SpecifyKind(t, DateTimeKind.Utc),
                    double d => d,
                    bool b => b ? 1.0 : 0.0,
                    int n => (double)n,
                    long n => (double)n,
                    string s => s,
                    var other => throw new InvalidOperationException($"unexpected DuckDB value {other.GetType().Name} in {names[c]}"),
                });
            }
        }
        return columns;
    });

    /// <summary>Each column chunk's path, encodings and codec, as DuckDB's <c>parquet_metadata</c> reports them.</summary>
    public static List<(string Column, string Encodings, string Compression)> ColumnChunks(byte[] bytes) => ParquetFiles.OnDisk(bytes, path =>
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT path_in_schema, encodings, compression FROM parquet_metadata('{path}') ORDER BY row_group_id, column_id";
        using var reader = command.ExecuteReader();
        var chunks = new List<(string, string, string)>();
        while (reader.Read()) chunks.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        return chunks;
    });

    private static DuckDBConnection Open()
    {
        var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        return connection;
    }
}
