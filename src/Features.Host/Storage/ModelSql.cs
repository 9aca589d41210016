using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Features.Host.Storage;

/// <summary>
/// Plain SQL on the tables of the EF model, for the few statements batch work runs per symbol: there EF's update and
/// query pipelines cost more CPU than the database (perf of a universe job: <c>SaveChanges</c> of a symbol's dataset
/// rows alone was 7% of the host's samples). Table and column names and each parameter's type mapping come from the
/// model, so values are stored and compared exactly as EF stores them, and a renamed column is not missed. Commands
/// join the context's connection and transaction. SQL that both PostgreSQL and SQLite (3.35+) run.
/// </summary>
internal sealed class ModelSql
{
    private readonly IEntityType _entity;
    private readonly StoreObjectIdentifier _table;

    private ModelSql(IEntityType entity)
    {
        _entity = entity;
        _table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
    }

    public static ModelSql For<T>(FeaturesDbContext db) => new(db.Model.FindEntityType(typeof(T))!);

    public string Table => _entity.GetTableName()!;

    public IProperty Property(string name) => _entity.FindProperty(name) ?? throw new InvalidOperationException($"{_entity.ClrType.Name} has no mapped property {name}");

    public string Column(string property) => Property(property).GetColumnName(_table)!;

    public IReadOnlyList<IProperty> Properties => [.. _entity.GetProperties()];

    public string Column(IProperty property) => property.GetColumnName(_table)!;

    /// <summary>Adds <paramref name="value"/> as a parameter typed like <paramref name="property"/>'s column; returns its placeholder.</summary>
    public string Value(DbCommand command, string property, object? value) => Value(command, Property(property), value);

    /// <summary>Adds each of <paramref name="values"/> as a parameter typed like <paramref name="property"/>'s column; returns the list for an <c>IN (…)</c>.</summary>
    public string Values<TValue>(DbCommand command, string property, IEnumerable<TValue> values) =>
        string.Join(", ", values.Select(v => Value(command, property, v)));

    public static string Value(DbCommand command, IProperty property, object? value)
    {
        var name = $"@p{command.Parameters.Count}";
        command.Parameters.Add(property.GetRelationalTypeMapping().CreateParameter(command, name, value, property.IsNullable));
        return name;
    }

    /// <summary>A command on the context's connection (opened if needed, EF closes it with the context) and its current transaction.</summary>
    public static async Task<DbCommand> CommandAsync(FeaturesDbContext db, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open) await db.Database.OpenConnectionAsync(ct);
        var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        return command;
    }

    /// <summary>
    /// Rows of <paramref name="columns"/> columns per multi-row statement. SQLite finds a parameter by name with a linear
    /// scan, so a statement of thousands of parameters binds in quadratic time; PostgreSQL binds by position.
    /// </summary>
    public static int RowsPerStatement(FeaturesDbContext db, int columns) =>
        db.Database.ProviderName?.Contains("Npgsql", StringComparison.Ordinal) == true ? 1000 : Math.Max(1, 360 / columns);
}
