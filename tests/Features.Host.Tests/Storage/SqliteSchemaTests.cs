using Features.Host.Security;
using Features.Host.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Features.Host.Tests.Storage;

/// <summary>The embedded SQLite schema has one source, the EF Core model: a new file and an upgraded old one end up alike.</summary>
public sealed class SqliteSchemaTests
{
    private static async Task<Dictionary<string, string>> SchemaAsync(string home)
    {
        await using var sqlite = new SqliteConnection($"Data Source={Path.Combine(home, "features.db")};Pooling=False");
        await sqlite.OpenAsync();
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
        string home;
        using (var fresh = FeaturesApp.Start(Backends.Embedded)) home = fresh.Home;
        var created = await SchemaAsync(home);
        created.Keys.ShouldContain("api_keys");
        created.Keys.ShouldContain("plan_facts");
        created.Keys.ShouldContain("IX_api_keys_key_hash");

        await using (var sqlite = new SqliteConnection($"Data Source={Path.Combine(home, "features.db")};Pooling=False"))
        {
            await sqlite.OpenAsync();
            await using var drop = sqlite.CreateCommand();
            // A file from the release before API keys and plan facts.
            drop.CommandText = "DROP TABLE api_keys; DROP TABLE plan_facts;";
            await drop.ExecuteNonQueryAsync();
        }
        (await SchemaAsync(home)).Keys.ShouldNotContain("api_keys");

        using var upgraded = FeaturesApp.Start(Backends.Embedded, new Dictionary<string, string?> { ["Features:Home"] = home });
        (await SchemaAsync(home)).ShouldBe(created, ignoreOrder: true);
        var (key, _) = await upgraded.Services.GetRequiredService<ApiKeyStore>().CreateAsync("after upgrade", Roles.Reader, CancellationToken.None);
        (await upgraded.Services.GetRequiredService<ApiKeyStore>().ListAsync(CancellationToken.None)).ShouldContain(k => k.Id == key.Id);
    }
}
