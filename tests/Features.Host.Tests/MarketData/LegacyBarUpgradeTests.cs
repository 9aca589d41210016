using Features.Host.MarketData;
using Features.Host.Storage;
using Features.Host.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Features.Host.Tests.MarketData;

/// <summary>
/// A store written by the version that kept one row per bar is upgraded in place: on PostgreSQL by the
/// BarChunks migration (which keeps the old table as legacy_bars), on SQLite at start; either way the host
/// repacks every bar into chunks, drops the old table, and serves exactly the bars that were there.
/// </summary>
public sealed class LegacyBarUpgradeTests
{
    public static TheoryData<string> Backends => Infrastructure.Backends.All();

    private const int BarCount = 10_000;

    [Theory, MemberData(nameof(Backends))]
    public async Task Bars_stored_one_row_each_by_the_previous_schema_are_repacked_into_chunks_on_start(string backend)
    {
        IDictionary<string, string?> settings;
        if (backend == Infrastructure.Backends.Real)
        {
            var connection = Infrastructure.Backends.CreateDatabase();
            await using (var db = new FeaturesDbContext(new DbContextOptionsBuilder<FeaturesDbContext>().UseNpgsql(connection).Options))
            {
                // The schema as the previous release left it: every migration up to ApiKeys.
                await db.GetService<IMigrator>().MigrateAsync("20261127103838_ApiKeys");
            }
            await using var pg = new NpgsqlConnection(connection);
            await pg.OpenAsync();
            await WriteLegacyBarsAsync(pg);
            settings = new Dictionary<string, string?> { ["Features:Database:ConnectionString"] = connection };
        }
        else
        {
            string home;
            using (var previous = FeaturesApp.Start(backend)) home = previous.Home;
            var file = Path.Combine(home, "features.db");
            await using var sqlite = new SqliteConnection($"Data Source={file};Pooling=False");
            await sqlite.OpenAsync();
            await using (var drop = sqlite.CreateCommand())
            {
                // The SQLite schema of the previous release: a bars table, no chunks.
                drop.CommandText = "DROP TABLE bar_chunks; DROP TABLE plan_facts; CREATE TABLE \"bars\" (\"series_id\" INTEGER NOT NULL, \"ts\" INTEGER NOT NULL, " +
                                   "\"close\" REAL NOT NULL, \"high\" REAL NOT NULL, \"low\" REAL NOT NULL, \"open\" REAL NOT NULL, \"volume\" REAL NOT NULL, " +
                                   "CONSTRAINT \"PK_bars\" PRIMARY KEY (\"series_id\", \"ts\"));";
                await drop.ExecuteNonQueryAsync();
            }
            await WriteLegacyBarsAsync(sqlite);
            settings = new Dictionary<string, string?> { ["Features:Home"] = home };
        }

        using var upgraded = FeaturesApp.Start(backend, settings);
        var store = upgraded.Services.GetRequiredService<BarStore>();
        var series = (await store.ListAsync(CancellationToken.None)).Single(s => s.Symbol == "OLD");
        series.BarCount.ShouldBe(BarCount);

        await using var snapshot = await store.OpenSnapshotAsync(CancellationToken.None);
        var index = 0;
        await foreach (var block in snapshot.ReadAsync(series.Id, long.MinValue, long.MaxValue, 3_000, CancellationToken.None))
        {
            for (var i = 0; i < block.Count; i++, index++)
            {
                var (ts, open, high, low, close, volume) = LegacyBar(index);
                (block.Timestamp[i], block.Open[i], block.High[i], block.Low[i], block.Close[i], block.Volume[i]).ShouldBe((ts, open, high, low, close, volume));
            }
        }
        index.ShouldBe(BarCount);

        await using var context = await upgraded.Services.GetRequiredService<IDbContextFactory<FeaturesDbContext>>().CreateDbContextAsync();
        var tables = backend == Infrastructure.Backends.Real
            ? "SELECT COUNT(*) AS \"Value\" FROM information_schema.tables WHERE table_schema = current_schema() AND table_name IN ('bars', 'legacy_bars')"
            : "SELECT COUNT(*) AS \"Value\" FROM sqlite_master WHERE type = 'table' AND name IN ('bars', 'legacy_bars')";
        (await context.Database.SqlQueryRaw<long>(tables).SingleAsync()).ShouldBe(0, "the old table is dropped once repacked");
    }

    private static (long Ts, double Open, double High, double Low, double Close, double Volume) LegacyBar(int i)
    {
        var close = 100 + Math.Sin(i / 50.0) * 5 + i * 0.001;
        return (1_600_000_000_000_000 + i * 60_000_000L, close - 0.1, close + 0.5, close - 0.5, close, 1000 + i % 37);
    }

    private static async Task WriteLegacyBarsAsync(System.Data.Common.DbConnection connection)
    {
        await using var tx = await connection.BeginTransactionAsync();
        await using (var series = connection.CreateCommand())
        {
            series.Transaction = tx;
            series.CommandText = "INSERT INTO bar_series (symbol, timeframe, bar_count, first_ts, last_ts, revision, updated_at) " +
                                 $"VALUES ('OLD', '1m', {BarCount}, {LegacyBar(0).Ts}, {LegacyBar(BarCount - 1).Ts}, 1, @now)";
            var now = series.CreateParameter();
            now.ParameterName = "@now";
            now.Value = connection is NpgsqlConnection ? DateTime.UtcNow : DateTime.UtcNow.ToString("O");
            series.Parameters.Add(now);
            await series.ExecuteNonQueryAsync();
        }
        await using var insert = connection.CreateCommand();
        insert.Transaction = tx;
        insert.CommandText = "INSERT INTO bars (series_id, ts, open, high, low, close, volume) " +
                             "VALUES ((SELECT id FROM bar_series WHERE symbol = 'OLD'), @t, @o, @h, @l, @c, @v)";
        var parameters = new[] { "@t", "@o", "@h", "@l", "@c", "@v" }.Select(name =>
        {
            var p = insert.CreateParameter();
            p.ParameterName = name;
            insert.Parameters.Add(p);
            return p;
        }).ToArray();
        // Written newest first, as a row-per-bar table does not care about order.
        for (var i = BarCount - 1; i >= 0; i--)
        {
            var (ts, open, high, low, close, volume) = LegacyBar(i);
            parameters[0].Value = ts;
            parameters[1].Value = open;
            parameters[2].Value = high;
            parameters[3].Value = low;
            parameters[4].Value = close;
            parameters[5].Value = volume;
            await insert.ExecuteNonQueryAsync();
        }
        await tx.CommitAsync();
    }
}
