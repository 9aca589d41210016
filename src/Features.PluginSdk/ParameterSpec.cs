namespace Features.PluginSdk;

/// <summary>How a parameter's JSON value is read and checked.</summary>
public enum ParameterType
{
    /// <summary>A whole number (JSON number without a fraction).</summary>
    Integer,
    /// <summary>A finite floating-point number.</summary>
    Number,
    /// <summary>true or false.</summary>
    Boolean,
    /// <summary>One string out of <see cref="ParameterSpec.AllowedValues"/>.</summary>
    Choice,
    /// <summary>Free text, e.g. the symbol of a macro series.</summary>
    Text,
    /// <summary>A duration written as a whole number and a unit: <c>0s</c>, <c>90m</c>, <c>36h</c>, <c>1d</c>, <c>2w</c>.</summary>
    Duration,
}

/// <summary>
/// One hyperparameter of a plugin, declared as data so the host can validate a request
/// before any plugin code runs. Bounds are inclusive.
/// </summary>
public sealed class ParameterSpec
{
    /// <summary>snake_case name, e.g. <c>period</c>, <c>fast_period</c>, <c>std_dev</c>.</summary>
    public required string Name { get; init; }
    /// <summary>The type the JSON value must have.</summary>
    public required ParameterType Type { get; init; }
    /// <summary>The value used when the request leaves the parameter out; null only when <see cref="Required"/>.</summary>
    public object? Default { get; init; }
    /// <summary>Smallest allowed value (Integer, Number), inclusive.</summary>
    public double? Minimum { get; init; }
    /// <summary>Largest allowed value (Integer, Number), inclusive.</summary>
    public double? Maximum { get; init; }
    /// <summary>The allowed strings of a Choice parameter.</summary>
    public IReadOnlyList<string>? AllowedValues { get; init; }
    /// <summary>True when the request must give a value (there is no sensible default).</summary>
    public bool Required { get; init; }
    /// <summary>What the parameter means, in a sentence.</summary>
    public required string Description { get; init; }

    /// <summary>An integer parameter with inclusive bounds.</summary>
    public static ParameterSpec Integer(string name, long defaultValue, long minimum, long maximum, string description) =>
        new() { Name = name, Type = ParameterType.Integer, Default = defaultValue, Minimum = minimum, Maximum = maximum, Description = description };

    /// <summary>A floating-point parameter with inclusive bounds.</summary>
    public static ParameterSpec Number(string name, double defaultValue, double minimum, double maximum, string description) =>
        new() { Name = name, Type = ParameterType.Number, Default = defaultValue, Minimum = minimum, Maximum = maximum, Description = description };

    /// <summary>A boolean parameter.</summary>
    public static ParameterSpec Boolean(string name, bool defaultValue, string description) =>
        new() { Name = name, Type = ParameterType.Boolean, Default = defaultValue, Description = description };

    /// <summary>A parameter that takes one of a fixed set of strings.</summary>
    public static ParameterSpec Choice(string name, string defaultValue, IReadOnlyList<string> allowed, string description) =>
        new() { Name = name, Type = ParameterType.Choice, Default = defaultValue, AllowedValues = allowed, Description = description };

    /// <summary>A free-text parameter; <paramref name="defaultValue"/> null makes it required.</summary>
    public static ParameterSpec Text(string name, string? defaultValue, string description) =>
        new() { Name = name, Type = ParameterType.Text, Default = defaultValue, Required = defaultValue is null, Description = description };

    /// <summary>A duration parameter such as <c>1d</c>; see <see cref="ParameterType.Duration"/>.</summary>
    public static ParameterSpec Duration(string name, string defaultValue, string description) =>
        new() { Name = name, Type = ParameterType.Duration, Default = defaultValue, Description = description };
}
