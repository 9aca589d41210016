using Features.Host.Storage;
using Features.Host.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Features.Host.Tests.Storage;

/// <summary><see cref="SqliteDurability"/>: every connection of the embedded default runs at the configured synchronous level.</summary>
public sealed class SqliteDurabilityTests
{
    [Theory]
    [InlineData(null, 1L)]      // NORMAL by default: WAL syncs at checkpoints, not at every commit
    [InlineData("full", 2L)]
    [InlineData("normal", 1L)]
    public async Task Every_connection_runs_at_the_configured_synchronous_level(string? configured, long expected)
    {
        var extra = configured is null ? null : new Dictionary<string, string?> { ["Features:Database:SqliteSynchronous"] = configured };
        using var app = FeaturesApp.Start(Backends.Embedded, extra);
        var contexts = app.Services.GetRequiredService<IDbContextFactory<FeaturesDbContext>>();
        for (var i = 0; i < 3; i++)
        {
            // Pooled and fresh connections alike: the level is per connection and set at every open.
            await using var db = await contexts.CreateDbContextAsync();
            (await db.Database.SqlQueryRaw<long>("SELECT synchronous AS \"Value\" FROM pragma_synchronous").SingleAsync()).ShouldBe(expected);
        }
    }

    [Fact]
    public async Task Every_connection_waits_in_sqlite_for_a_busy_database_instead_of_the_drivers_150_ms_sleeps()
    {
        using var app = FeaturesApp.Start(Backends.Embedded);
        var contexts = app.Services.GetRequiredService<IDbContextFactory<FeaturesDbContext>>();
        for (var i = 0; i < 3; i++)
        {
            await using var db = await contexts.CreateDbContextAsync();
            (await db.Database.SqlQueryRaw<long>("SELECT timeout AS \"Value\" FROM pragma_busy_timeout").SingleAsync()).ShouldBe(SqliteDurability.BusyTimeoutMilliseconds);
        }
    }

    [Fact]
    public void An_unknown_level_fails_at_start_naming_the_setting()
    {
        var e = Should.Throw<InvalidOperationException>(() => FeaturesApp.Start(Backends.Embedded, new Dictionary<string, string?> { ["Features:Database:SqliteSynchronous"] = "off" }));
        e.Message.ShouldContain("Features:Database:SqliteSynchronous");
    }
}
