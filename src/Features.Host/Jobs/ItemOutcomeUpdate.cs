using System.Text;
using Features.Host.Storage;

namespace Features.Host.Jobs;

/// <summary>
/// Records many item outcomes in one UPDATE (a CASE on seq per column) instead of one statement per item: a symbol's
/// fourteen items were fourteen round trips to PostgreSQL. Only unfinished items change (the same condition as before),
/// and RETURNING names them, so an item delivered twice counts once. Plain SQL on the model's names and type mappings
/// (<see cref="ModelSql"/>), outside EF's query pipeline.
/// </summary>
internal static class ItemOutcomeUpdate
{
    /// <summary>Outcomes per statement: 6 parameters each stays far under SQLite's 32,766 and PostgreSQL's 65,535.</summary>
    public const int MaxPerStatement = 500;

    /// <summary>Applies <paramref name="outcomes"/> (at most <see cref="MaxPerStatement"/>) to the chunk's unfinished items; returns the seqs that changed.</summary>
    public static async Task<HashSet<int>> ApplyAsync(FeaturesDbContext db, Guid jobId, int chunk, IReadOnlyList<ItemOutcome> outcomes, DateTime now, CancellationToken ct)
    {
        var items = ModelSql.For<JobItem>(db);
        await using var command = await ModelSql.CommandAsync(db, ct);
        var seq = items.Column(nameof(JobItem.Seq));
        var seqArgs = outcomes.Select(o => items.Value(command, nameof(JobItem.Seq), o.Seq)).ToList();
        var sql = new StringBuilder($"UPDATE {items.Table} SET ");
        void Set(string property, Func<ItemOutcome, object?> value)
        {
            var column = items.Column(property);
            if (outcomes.All(o => value(o) is null))
            {
                sql.Append($"{column} = NULL, ");
                return;
            }
            sql.Append($"{column} = CASE {seq}");
            for (var i = 0; i < outcomes.Count; i++)
            {
                sql.Append($" WHEN {seqArgs[i]} THEN {(value(outcomes[i]) is { } v ? items.Value(command, property, v) : "NULL")}");
            }
            sql.Append(" ELSE NULL END, ");
        }
        Set(nameof(JobItem.Status), o => o.Status);
        Set(nameof(JobItem.DatasetId), o => o.DatasetId);
        Set(nameof(JobItem.VersionHash), o => o.VersionHash);
        Set(nameof(JobItem.Cached), o => o.Cached);
        Set(nameof(JobItem.ErrorJson), o => o.ErrorJson);
        sql.Append($"{items.Column(nameof(JobItem.UpdatedAt))} = {items.Value(command, nameof(JobItem.UpdatedAt), now)}");
        // The chunk lets the (job, chunk, status) index find the rows: with job and status alone SQLite's planner
        // preferred the (job, status) index and walked every unfinished item of the job for each statement.
        var status = items.Column(nameof(JobItem.Status));
        sql.Append($" WHERE {items.Column(nameof(JobItem.JobId))} = {items.Value(command, nameof(JobItem.JobId), jobId)}");
        sql.Append($" AND {items.Column(nameof(JobItem.Chunk))} = {items.Value(command, nameof(JobItem.Chunk), chunk)} AND {seq} IN ({string.Join(", ", seqArgs)})");
        sql.Append($" AND {status} IN ({items.Value(command, nameof(JobItem.Status), ItemStatus.Running)}, {items.Value(command, nameof(JobItem.Status), ItemStatus.Pending)})");
        sql.Append($" RETURNING {seq}");
        command.CommandText = sql.ToString();
        var changed = new HashSet<int>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) changed.Add(Convert.ToInt32(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture));
        return changed;
    }
}
