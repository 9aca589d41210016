using System.Text.Json;
using Features.Host.Errors;
using Features.Host.Storage;
using Microsoft.EntityFrameworkCore;

namespace Features.Host.Api.FeatureSets;

/// <summary>What a feature set's fields must satisfy beyond their shape: the features exist, the name is free.</summary>
public static class FeatureSetRules
{
    /// <summary>The ids as stored (JSON array, in the order given) after checking each names a definition.</summary>
    public static async Task<string> FeatureIdsAsync(FeaturesDbContext db, IReadOnlyList<Guid>? ids, CancellationToken ct)
    {
        if (ids is null || ids.Count == 0) throw ProblemException.Invalid("feature_ids", "must name at least one feature");
        var duplicates = ids.GroupBy(i => i).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (duplicates.Count > 0) throw ProblemException.Invalid("feature_ids", $"names {string.Join(", ", duplicates)} more than once");
        var known = await db.Features.AsNoTracking().Where(f => ids.Contains(f.Id)).Select(f => f.Id).ToListAsync(ct);
        var unknown = ids.Except(known).ToList();
        if (unknown.Count > 0) throw ProblemException.Invalid("feature_ids", $"unknown feature{(unknown.Count > 1 ? "s" : "")}: {string.Join(", ", unknown.Take(10))}");
        return JsonSerializer.Serialize(ids);
    }

    public static async Task CheckNameFreeAsync(FeaturesDbContext db, string name, Guid? self, CancellationToken ct)
    {
        if (await db.FeatureSets.AnyAsync(s => s.Name == name && s.Id != self, ct))
        {
            throw ProblemException.Conflict($"a feature set named '{UserText.Shorten(name, 60)}' exists already; choose another name or update that one");
        }
    }

    public static ProblemException NotFound() => ProblemException.NotFound("Feature set not found");
}
