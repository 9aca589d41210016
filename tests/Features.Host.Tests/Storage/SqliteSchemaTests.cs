using Features.Host.Security;
using Features.Host.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Features.Host.Tests.Storage;

/// <summary>The embedded SQLite schema has one source, the EF Core model: a new file and an upgraded old one end up alike.</summary>
public sealed class SqliteSchemaTests
{
    private static async Task<SqliteConnection> OpenAsync(string home)
    {
        var sqlite = new SqliteConnection($"Data Source={Path.Combine(home, "features.db")};Pooling=False");
        await sqlite.OpenAsync();
        return sqlite;
    }

    /// <summary>A home a host has just created and stopped, and its schema.</summary>
    private static async Task<(string Home, Dictionary<string, string> Schema)> FreshHomeAsync()
    {
        string home;
        using (var fresh = FeaturesApp.Start(Backends.Embedded)) home = fresh.Home;
        return (home, await SchemaAsync(home));
    }

    private static async Task ExecuteAsync(string home, string sql)
    {
        await using var sqlite = await OpenAsync(home);
        await using var command = sqlite.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<Dictionary<string, string>> SchemaAsync(string home)
    {
        await using var sqlite = await OpenAsync(home);
        await using var query = sqlite.CreateCommand();
        query.CommandText = "SELECT name, sql FROM sqlite_master WHERE type IN ('table', 'index') AND name NOT LIKE 'sqlite_%' AND sql IS NOT NULL";
        var schema = new Dictionary<string, string>();
        await using var reader = await query.ExecuteReaderAsync();
        while (await reader.ReadAsync()) schema[reader.GetString(0)] = reader.GetString(1);
        return schema;
    }

    [Fact]
    public async Task Tables_an_older_file_lacks_are_created_from_the_model_exactly_as_in_a_new_file()
    {
        var (home, created) = await FreshHomeAsync();
        created.Keys.ShouldContain("api_keys");
        created.Keys.ShouldContain("plan_facts");
        created.Keys.ShouldContain("IX_api_keys_key_hash");

        // A file from the release before API keys and plan facts.
        await ExecuteAsync(home, "DROP TABLE api_keys; DROP TABLE plan_facts;");
        (await SchemaAsync(home)).Keys.ShouldNotContain("api_keys");

        using var upgraded = FeaturesApp.Start(Backends.Embedded, new Dictionary<string, string?> { ["Features:Home"] = home });
        (await SchemaAsync(home)).ShouldBe(created, ignoreOrder: true);
        var (key, _) = await upgraded.Services.GetRequiredService<ApiKeyStore>().CreateAsync("after upgrade", Roles.Reader, CancellationToken.None);
        (await upgraded.Services.GetRequiredService<ApiKeyStore>().ListAsync(CancellationToken.None)).ShouldContain(k => k.Id == key.Id);
    }

    [Fact]
    public async Task An_index_the_model_replaced_is_swapped_in_an_older_file_and_the_chunk_queries_use_it()
    {
        var (home, created) = await FreshHomeAsync();
        created.Keys.ShouldContain("IX_job_items_job_id_chunk_status");

        // A file from the release whose chunk index had no status column.
        await ExecuteAsync(home, "DROP INDEX IX_job_items_job_id_chunk_status; CREATE INDEX IX_job_items_job_id_chunk ON job_items (job_id, chunk);");

        using (FeaturesApp.Start(Backends.Embedded, new Dictionary<string, string?> { ["Features:Home"] = home }))
        {
            (await SchemaAsync(home)).ShouldBe(created, ignoreOrder: true);
        }
        await using (var sqlite = await OpenAsync(home))
        {
            // The queries of a chunk: with only (job, chunk) and (job, status) indexes, SQLite chose (job, status) and
            // visited every unfinished item of the job for each of them.
            foreach (var sql in new[]
                     {
                         "UPDATE job_items SET status = 'running' WHERE job_id = 'j' AND chunk = 3 AND status = 'pending'",
                         "SELECT * FROM job_items WHERE job_id = 'j' AND chunk = 3 AND status = 'running'",
                         // ItemOutcomeUpdate's shape, fourteen items of a symbol
                         "UPDATE job_items SET status = 'succeeded' WHERE job_id = 'j' AND chunk = 3 AND seq IN (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14) " +
                         "AND status IN ('running', 'pending') RETURNING seq",
                     })
            {
                await using var plan = sqlite.CreateCommand();
                plan.CommandText = "EXPLAIN QUERY PLAN " + sql;
                (await DetailAsync(plan)).ShouldContain("IX_job_items_job_id_chunk_status (job_id=? AND chunk=? AND status=?)", customMessage: sql);
            }
        }
    }

    private static async Task<string> DetailAsync(SqliteCommand plan)
    {
        await using var reader = await plan.ExecuteReaderAsync();
        var details = new List<string>();
        while (await reader.ReadAsync()) details.Add(reader.GetString(3));
        return string.Join("; ", details);
    }
}
