namespace Features.PluginSdk;

/// <summary>
/// A Duration parameter's value: the text as written (<c>0s</c>, <c>90m</c>, <c>36h</c>, <c>1d</c>, <c>2w</c>, which is
/// what the descriptor lists and the version hash sees) and its <see cref="TimeSpan"/>.
/// </summary>
public readonly record struct Duration
{
    private Duration(string text, TimeSpan value)
    {
        Text = text;
        Value = value;
    }

    /// <summary>The normalised text, e.g. <c>1d</c>.</summary>
    public string Text { get; }

    /// <summary>The length of time.</summary>
    public TimeSpan Value { get; }

    /// <summary>Parses <c>&lt;whole number&gt;&lt;s|m|h|d|w&gt;</c> as <see cref="ParameterValues.ParseDuration"/> does; throws on malformed text.</summary>
    public static Duration Parse(string text)
    {
        var value = ParameterValues.ParseDuration(text) ?? throw new FormatException($"'{text}' is not a duration such as 0s, 90m, 36h, 1d or 2w");
        return new Duration(text.Trim().ToLowerInvariant(), value);
    }

    /// <inheritdoc />
    public override string ToString() => Text ?? "0s";
}
