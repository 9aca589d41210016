using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Features.PluginSdk;

/// <summary>
/// Validated, normalised parameter values: integers as <see cref="long"/>, numbers as <see cref="double"/>,
/// booleans as <see cref="bool"/>, choices, text and durations as <see cref="string"/>. Every declared
/// parameter is present (defaults filled in).
/// </summary>
public sealed partial class ParameterValues
{
    private readonly SortedDictionary<string, object> _values;

    private ParameterValues(SortedDictionary<string, object> values) => _values = values;

    /// <summary>All values, sorted by name.</summary>
    public IReadOnlyDictionary<string, object> Values => _values;

    /// <summary>An integer parameter.</summary>
    public int GetInt32(string name) => checked((int)GetInt64(name));

    /// <summary>An integer parameter.</summary>
    public long GetInt64(string name) => _values[name] switch
    {
        long l => l,
        double d => (long)d,
        var other => throw new InvalidOperationException($"Parameter '{name}' is {other.GetType().Name}, not an integer."),
    };

    /// <summary>A number (or integer) parameter.</summary>
    public double GetDouble(string name) => _values[name] switch
    {
        double d => d,
        long l => l,
        var other => throw new InvalidOperationException($"Parameter '{name}' is {other.GetType().Name}, not a number."),
    };

    /// <summary>A boolean parameter.</summary>
    public bool GetBoolean(string name) => (bool)_values[name];

    /// <summary>A choice or text parameter.</summary>
    public string GetString(string name) => (string)_values[name];

    /// <summary>A duration parameter.</summary>
    public TimeSpan GetDuration(string name) => ParseDuration((string)_values[name]) ?? TimeSpan.Zero;

    /// <summary>The defaults of every parameter (required text parameters left out).</summary>
    public static ParameterValues Defaults(IReadOnlyList<ParameterSpec> specs) =>
        Resolve(specs, new Dictionary<string, object?>());

    /// <summary>Resolves raw values and throws <see cref="ArgumentException"/> on the first error (for tests and tools).</summary>
    public static ParameterValues Resolve(IReadOnlyList<ParameterSpec> specs, IReadOnlyDictionary<string, object?> raw)
    {
        if (TryResolve(specs, raw, out var values, out var errors))
        {
            return values;
        }
        throw new ArgumentException(string.Join("; ", errors.Select(e => $"{e.Parameter}: {e.Message}")));
    }

    /// <summary>
    /// Checks raw values (CLR primitives or <see cref="JsonElement"/>) against the specs: unknown names,
    /// wrong types, values out of range, missing required values. Defaults fill what is absent.
    /// </summary>
    public static bool TryResolve(
        IReadOnlyList<ParameterSpec> specs,
        IReadOnlyDictionary<string, object?> raw,
        out ParameterValues values,
        out IReadOnlyList<ParameterError> errors)
    {
        var found = new List<ParameterError>();
        var result = new SortedDictionary<string, object>(StringComparer.Ordinal);
        var byName = specs.ToDictionary(s => s.Name, StringComparer.Ordinal);

        foreach (var name in raw.Keys.Where(k => !byName.ContainsKey(k)).Order(StringComparer.Ordinal))
        {
            var known = specs.Count == 0 ? "this plugin takes no parameters" : "allowed: " + string.Join(", ", specs.Select(s => s.Name));
            found.Add(new ParameterError(name, $"unknown parameter '{name}' ({known})"));
        }

        foreach (var spec in specs)
        {
            raw.TryGetValue(spec.Name, out var given);
            if (given is JsonElement { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined })
            {
                given = null;
            }
            if (given is null)
            {
                if (spec.Default is null)
                {
                    if (spec.Required)
                    {
                        found.Add(new ParameterError(spec.Name, $"'{spec.Name}' is required: {spec.Description}"));
                    }
                    continue;
                }
                given = spec.Default;
            }

            var (value, error) = Normalise(spec, given);
            if (error is not null)
            {
                found.Add(new ParameterError(spec.Name, error));
            }
            else
            {
                result[spec.Name] = value!;
            }
        }

        values = new ParameterValues(result);
        errors = found;
        return found.Count == 0;
    }

    private static (object? Value, string? Error) Normalise(ParameterSpec spec, object given)
    {
        switch (spec.Type)
        {
            case ParameterType.Integer:
            {
                if (!TryGetNumber(given, out var d) || double.IsNaN(d) || double.IsInfinity(d) || Math.Floor(d) != d || Math.Abs(d) > 9e15)
                {
                    return (null, $"'{spec.Name}' must be a whole number{Range(spec)}; got {Show(given)}");
                }
                if (OutOfRange(spec, d))
                {
                    return (null, $"'{spec.Name}' must be{Range(spec)}; got {Show(given)}");
                }
                return ((long)d, null);
            }
            case ParameterType.Number:
            {
                if (!TryGetNumber(given, out var d) || double.IsNaN(d) || double.IsInfinity(d))
                {
                    return (null, $"'{spec.Name}' must be a finite number{Range(spec)}; got {Show(given)}");
                }
                if (OutOfRange(spec, d))
                {
                    return (null, $"'{spec.Name}' must be{Range(spec)}; got {Show(given)}");
                }
                return (d, null);
            }
            case ParameterType.Boolean:
                return given switch
                {
                    bool b => (b, null),
                    JsonElement { ValueKind: JsonValueKind.True } => (true, null),
                    JsonElement { ValueKind: JsonValueKind.False } => (false, null),
                    _ => (null, $"'{spec.Name}' must be true or false; got {Show(given)}"),
                };
            case ParameterType.Choice:
            {
                var s = TryGetString(given);
                if (s is null || spec.AllowedValues is null || !spec.AllowedValues.Contains(s, StringComparer.Ordinal))
                {
                    return (null, $"'{spec.Name}' must be one of {string.Join(", ", spec.AllowedValues ?? [])}; got {Show(given)}");
                }
                return (s, null);
            }
            case ParameterType.Text:
            {
                var s = TryGetString(given);
                if (s is null || s.Length == 0 || s.Length > 255 || s.Any(char.IsControl))
                {
                    return (null, $"'{spec.Name}' must be a non-empty string of at most 255 printable characters; got {Show(given)}");
                }
                return (s, null);
            }
            case ParameterType.Duration:
            {
                var s = TryGetString(given);
                if (s is null || ParseDuration(s) is null)
                {
                    return (null, $"'{spec.Name}' must be a duration such as 0s, 90m, 36h, 1d or 2w; got {Show(given)}");
                }
                return (s.Trim().ToLowerInvariant(), null);
            }
            default:
                return (null, $"'{spec.Name}' has an unsupported type {spec.Type}");
        }
    }

    /// <summary>Parses <c>&lt;whole number&gt;&lt;s|m|h|d|w&gt;</c>; null when malformed.</summary>
    public static TimeSpan? ParseDuration(string text)
    {
        var m = DurationPattern().Match(text.Trim().ToLowerInvariant());
        if (!m.Success || !long.TryParse(m.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n > 100_000)
        {
            return null;
        }
        return m.Groups[2].Value switch
        {
            "s" => TimeSpan.FromSeconds(n),
            "m" => TimeSpan.FromMinutes(n),
            "h" => TimeSpan.FromHours(n),
            "d" => TimeSpan.FromDays(n),
            "w" => TimeSpan.FromDays(7 * n),
            _ => null,
        };
    }

    [GeneratedRegex("^([0-9]{1,6})(s|m|h|d|w)$")]
    private static partial Regex DurationPattern();

    private static bool OutOfRange(ParameterSpec spec, double d) =>
        (spec.Minimum is { } min && d < min) || (spec.Maximum is { } max && d > max);

    private static string Range(ParameterSpec spec) => (spec.Minimum, spec.Maximum) switch
    {
        ({ } min, { } max) => $" between {Fmt(min)} and {Fmt(max)}",
        ({ } min, null) => $" of at least {Fmt(min)}",
        (null, { } max) => $" of at most {Fmt(max)}",
        _ => "",
    };

    private static string Fmt(double d) => d.ToString("R", CultureInfo.InvariantCulture);

    private static bool TryGetNumber(object given, out double value)
    {
        switch (given)
        {
            case long l: value = l; return true;
            case int i: value = i; return true;
            case double d: value = d; return true;
            case float f: value = f; return true;
            case decimal m: value = (double)m; return true;
            case JsonElement { ValueKind: JsonValueKind.Number } e: return e.TryGetDouble(out value);
            default: value = 0; return false;
        }
    }

    private static string? TryGetString(object given) => given switch
    {
        string s => s,
        JsonElement { ValueKind: JsonValueKind.String } e => e.GetString(),
        _ => null,
    };

    private static string Show(object given)
    {
        var text = given switch
        {
            JsonElement e => e.ValueKind == JsonValueKind.String ? $"\"{e.GetString()}\"" : e.GetRawText(),
            string s => $"\"{s}\"",
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => given.ToString() ?? "",
        };
        return text.Length > 60 ? text[..60] + "..." : text;
    }
}
