using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Storage;

namespace Features.Host.Storage;

/// <summary>
/// The embedded SQLite schema comes from the EF Core model alone (PostgreSQL has migrations): a new file is created
/// from it, and a file created by an older release gets the tables and indexes it lacks, generated from the same model.
/// </summary>
public static class SqliteSchema
{
    public static async Task EnsureAsync(FeaturesDbContext db, CancellationToken ct)
    {
        if (await db.Database.EnsureCreatedAsync(ct)) return;
        // EnsureCreated never alters an existing file: add the tables created after it was and the indexes it lacks (a
        // new table's, or one added to an older table), and drop our indexes the model no longer has (replaced ones).
        var existing = (await db.Database.SqlQueryRaw<string>("SELECT name AS \"Value\" FROM sqlite_master WHERE type IN ('table', 'index')").ToListAsync(ct))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var model = db.GetService<IDesignTimeModel>().Model;
        var relational = model.GetRelationalModel();
        var modelIndexes = relational.Tables.SelectMany(t => t.Indexes).Select(i => i.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var missing = db.GetService<IMigrationsModelDiffer>().GetDifferences(null, relational)
            .Where(operation => operation switch
            {
                CreateTableOperation table => !existing.Contains(table.Name),
                CreateIndexOperation index => !existing.Contains(index.Name),
                _ => false,
            })
            .ToList();
        foreach (var obsolete in existing.Where(name => name.StartsWith("IX_", StringComparison.Ordinal) && !modelIndexes.Contains(name)))
        {
            var drop = "DROP INDEX IF EXISTS \"" + obsolete.Replace("\"", "\"\"", StringComparison.Ordinal) + "\";"; // a name from sqlite_master, quoted
            await db.Database.ExecuteSqlRawAsync(drop, ct);
        }
        if (missing.Count == 0) return;
        var commands = db.GetService<IMigrationsSqlGenerator>().Generate(missing, model);
        await db.GetService<IMigrationCommandExecutor>().ExecuteNonQueryAsync(commands, db.GetService<IRelationalConnection>(), ct);
    }
}
