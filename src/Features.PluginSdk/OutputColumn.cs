namespace Features.PluginSdk;

/// <summary>The Arrow/Parquet type of an output column.</summary>
public enum ColumnType
{
    /// <summary>float64, null where the kernel wrote NaN.</summary>
    Float64,
    /// <summary>boolean; the kernel writes 0 or 1 (NaN for null).</summary>
    Boolean,
    /// <summary>int32; the kernel writes whole numbers (NaN for null). Meanings of codes go in the description.</summary>
    Int32,
    /// <summary>string; the kernel writes an index into <see cref="OutputColumn.Categories"/> (NaN for null).</summary>
    String,
}

/// <summary>
/// What an output column's values are measured in, so a reader (the web UI) knows where to draw them. Optional:
/// <see cref="Unspecified"/> is what a plugin that says nothing gets. Added in SDK 1.3.0.
/// </summary>
public enum OutputUnit
{
    /// <summary>Not declared: drawn in a pane of its own.</summary>
    Unspecified,
    /// <summary>
    /// A price level on the scale of the input bars' prices (a moving average, a band, a stop), so it can be drawn
    /// over the candles. Not a price difference such as ATR or MACD, which sits around 0.
    /// </summary>
    Price,
    /// <summary>On the scale of the bars' volume.</summary>
    Volume,
    /// <summary>A percentage, 0..100 or ±100 (RSI, %R).</summary>
    Percent,
}

/// <summary>One output column of a plugin.</summary>
public sealed class OutputColumn
{
    /// <summary>snake_case column name, e.g. <c>upper_band</c>.</summary>
    public required string Name { get; init; }
    /// <summary>Column type; float64 unless stated.</summary>
    public ColumnType Type { get; init; } = ColumnType.Float64;
    /// <summary>What the value means.</summary>
    public required string Description { get; init; }
    /// <summary>For <see cref="ColumnType.String"/>: the strings the kernel's indices refer to.</summary>
    public IReadOnlyList<string>? Categories { get; init; }
    /// <summary>What the values are measured in; <see cref="OutputUnit.Unspecified"/> unless stated (SDK 1.3.0).</summary>
    public OutputUnit Unit { get; init; }

    /// <summary>A float64 column.</summary>
    public static OutputColumn Float(string name, string description) => new() { Name = name, Description = description };
    /// <summary>A float64 column in <paramref name="unit"/> (an overload, not an optional parameter: plugins built against 1.2 keep binding to the two-argument method).</summary>
    public static OutputColumn Float(string name, string description, OutputUnit unit) => new() { Name = name, Description = description, Unit = unit };
    /// <summary>A boolean column.</summary>
    public static OutputColumn Bool(string name, string description) => new() { Name = name, Type = ColumnType.Boolean, Description = description };
    /// <summary>An int32 column.</summary>
    public static OutputColumn Int(string name, string description) => new() { Name = name, Type = ColumnType.Int32, Description = description };
    /// <summary>A string column whose values are drawn from <paramref name="categories"/>.</summary>
    public static OutputColumn Category(string name, IReadOnlyList<string> categories, string description) =>
        new() { Name = name, Type = ColumnType.String, Categories = categories, Description = description };
}
