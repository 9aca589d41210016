using System.Text.RegularExpressions;

namespace Features.Host.Validation;

/// <summary>An object-key prefix: path segments of safe characters, no '.' or '..' segments, stored ending with '/'.</summary>
public static partial class StoragePrefixes
{
    public const string Rule = "must be 1-200 characters of path segments (letters, digits, . _ -) separated by '/', without '.' or '..' segments";

    public static bool IsValid(string prefix)
    {
        var trimmed = prefix.Trim('/');
        return trimmed.Length is > 0 and <= 200 && Pattern().IsMatch(trimmed) && !trimmed.Split('/').Any(s => s is "." or "..");
    }

    /// <summary>The prefix as stored (default <c>&lt;plugin_key&gt;/</c>); call only with a prefix <see cref="IsValid"/> accepted.</summary>
    public static string Normalise(string? prefix, string pluginKey) => prefix is null ? pluginKey + "/" : prefix.Trim('/') + "/";

    [GeneratedRegex("^[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*$")]
    private static partial Regex Pattern();
}
