using System.Security.Cryptography;
using System.Text;
using Features.Host.Generation;

namespace Features.Host.TrainingSets;

/// <summary>
/// The content address of a training set: SHA-256 of the canonical JSON (RFC 8785) of the normalised request,
/// every member dataset's version hash (sorted), and the source fingerprint of each symbol's bars the label
/// reads, so an identical request is a cache hit and a revised bar anywhere gives a new address.
/// </summary>
public static class TrainingSetHash
{
    // 2: features by plugin and parameters (not ids), grid bars by their content fingerprint (not the store's counters).
    public const string SpecVersion = "training-set/2";

    public static string Compute(IReadOnlyDictionary<string, object?> normalisedRequest, IEnumerable<string> memberVersionHashes,
        IReadOnlyDictionary<string, string> labelBarFingerprints)
    {
        var document = new Dictionary<string, object?>
        {
            ["spec"] = SpecVersion,
            ["request"] = normalisedRequest,
            ["members"] = memberVersionHashes.Order(StringComparer.Ordinal).ToList(),
            ["label_bars"] = labelBarFingerprints.ToDictionary(kv => kv.Key, kv => (object?)kv.Value),
        };
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(CanonicalJson.Serialize(document))));
    }
}
