using System.Text;
using Features.Host.Errors;

namespace Features.Host.TrainingSets;

/// <summary>
/// Output column names: <c>&lt;alias or feature name&gt;__&lt;column&gt;</c> in snake_case. Two members
/// giving the same name, or a name the file itself uses, is a 422 naming both, never a silent overwrite.
/// </summary>
public static class ColumnNaming
{
    public static string Name(string prefix, string column) => $"{SnakeCase(prefix)}__{SnakeCase(column)}";

    /// <summary>Lower case; every run of characters other than letters and digits becomes one underscore; camelCase splits.</summary>
    public static string SnakeCase(string text)
    {
        var sb = new StringBuilder(text.Length + 4);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsAsciiLetterOrDigit(c))
            {
                if (char.IsAsciiLetterUpper(c) && i > 0 && char.IsAsciiLetterLower(text[i - 1]) && sb.Length > 0 && sb[^1] != '_') sb.Append('_');
                sb.Append(char.ToLowerInvariant(c));
            }
            else if (sb.Length > 0 && sb[^1] != '_')
            {
                sb.Append('_');
            }
        }
        return sb.ToString().TrimEnd('_');
    }

    /// <summary>Names every (member, column) pair in order; throws a 422 on field <paramref name="field"/> at the first clash.</summary>
    public static IReadOnlyList<string> Assign(IEnumerable<(string Prefix, string Column)> columns, string field = "features")
    {
        var taken = new Dictionary<string, string>(StringComparer.Ordinal);
        var names = new List<string>();
        foreach (var (prefix, column) in columns)
        {
            var name = Name(prefix, column);
            var origin = $"{prefix}.{column}";
            if (taken.TryGetValue(name, out var first))
            {
                throw ProblemException.Invalid(field,
                    $"column name '{name}' is produced by both {first} and {origin}; give one of the features an alias");
            }
            taken[name] = origin;
            names.Add(name);
        }
        return names;
    }
}
