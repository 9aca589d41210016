using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Storage;

namespace Features.Host.Storage;

/// <summary>
/// The embedded SQLite schema comes from the EF Core model alone (PostgreSQL has migrations): a new file is created
/// from it, and a file created by an older release gets the tables it lacks, generated from the same model.
/// </summary>
public static class SqliteSchema
{
    public static async Task EnsureAsync(FeaturesDbContext db, CancellationToken ct)
    {
        if (await db.Database.EnsureCreatedAsync(ct)) return;
        // EnsureCreated never alters an existing file: add the tables (and their indexes) created after it was.
        var existing = (await db.Database.SqlQueryRaw<string>("SELECT name AS \"Value\" FROM sqlite_master WHERE type = 'table'").ToListAsync(ct)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var model = db.GetService<IDesignTimeModel>().Model;
        var missing = db.GetService<IMigrationsModelDiffer>().GetDifferences(null, model.GetRelationalModel())
            .Where(operation => operation switch
            {
                CreateTableOperation table => !existing.Contains(table.Name),
                CreateIndexOperation index => !existing.Contains(index.Table),
                _ => false,
            })
            .ToList();
        if (missing.Count == 0) return;
        var commands = db.GetService<IMigrationsSqlGenerator>().Generate(missing, model);
        await db.GetService<IMigrationCommandExecutor>().ExecuteNonQueryAsync(commands, db.GetService<IRelationalConnection>(), ct);
    }
}
