using System.Text;
using Features.Host.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Features.Host.Jobs;

/// <summary>
/// Records many item outcomes in one UPDATE (a CASE on seq per column) instead of one statement per item: a symbol's
/// fourteen items were fourteen round trips to PostgreSQL and fourteen EF query-cache lookups. Only unfinished items
/// change (the same condition as before), and RETURNING names them, so an item delivered twice counts once.
/// Plain SQL both PostgreSQL and SQLite (3.35+) run; names come from the EF model, values are parameters.
/// </summary>
internal static class ItemOutcomeUpdate
{
    /// <summary>Outcomes per statement: 6 parameters each stays far under SQLite's 32,766 and PostgreSQL's 65,535.</summary>
    public const int MaxPerStatement = 500;

    /// <summary>Applies <paramref name="outcomes"/> (at most <see cref="MaxPerStatement"/>) to the chunk's unfinished items; returns the seqs that changed.</summary>
    public static async Task<HashSet<int>> ApplyAsync(FeaturesDbContext db, Guid jobId, int chunk, IReadOnlyList<ItemOutcome> outcomes, DateTime now, CancellationToken ct)
    {
        var entity = db.Model.FindEntityType(typeof(JobItem))!;
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        string Column(string property) => entity.FindProperty(property)!.GetColumnName(table)!;
        var seq = Column(nameof(JobItem.Seq));
        var args = new List<object>();
        string Arg(object value)
        {
            args.Add(value);
            return $"{{{args.Count - 1}}}";
        }

        var seqArgs = outcomes.Select(o => Arg(o.Seq)).ToList();
        var sql = new StringBuilder($"UPDATE {entity.GetTableName()} SET ");
        void Set(string property, Func<ItemOutcome, object?> value)
        {
            var column = Column(property);
            if (outcomes.All(o => value(o) is null))
            {
                sql.Append($"{column} = NULL, ");
                return;
            }
            sql.Append($"{column} = CASE {seq}");
            for (var i = 0; i < outcomes.Count; i++)
            {
                sql.Append($" WHEN {seqArgs[i]} THEN {(value(outcomes[i]) is { } v ? Arg(v) : "NULL")}");
            }
            sql.Append(" ELSE NULL END, ");
        }
        Set(nameof(JobItem.Status), o => o.Status);
        Set(nameof(JobItem.DatasetId), o => o.DatasetId);
        Set(nameof(JobItem.VersionHash), o => o.VersionHash);
        Set(nameof(JobItem.Cached), o => o.Cached);
        Set(nameof(JobItem.ErrorJson), o => o.ErrorJson);
        sql.Append($"{Column(nameof(JobItem.UpdatedAt))} = {Arg(now)}");
        // The chunk lets the (job, chunk, status) index find the rows: with job and status alone SQLite's planner
        // preferred the (job, status) index and walked every unfinished item of the job for each statement.
        sql.Append($" WHERE {Column(nameof(JobItem.JobId))} = {Arg(jobId)} AND {Column(nameof(JobItem.Chunk))} = {Arg(chunk)} AND {seq} IN ({string.Join(", ", seqArgs)})");
        sql.Append($" AND {Column(nameof(JobItem.Status))} IN ({Arg(ItemStatus.Running)}, {Arg(ItemStatus.Pending)})");
        sql.Append($" RETURNING {seq} AS \"Value\"");
        return [.. await db.Database.SqlQueryRaw<int>(sql.ToString(), [.. args]).ToListAsync(ct)];
    }
}
