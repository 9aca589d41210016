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

    /// <summary>A float64 column.</summary>
    public static OutputColumn Float(string name, string description) => new() { Name = name, Description = description };
    /// <summary>A boolean column.</summary>
    public static OutputColumn Bool(string name, string description) => new() { Name = name, Type = ColumnType.Boolean, Description = description };
    /// <summary>An int32 column.</summary>
    public static OutputColumn Int(string name, string description) => new() { Name = name, Type = ColumnType.Int32, Description = description };
    /// <summary>A string column whose values are drawn from <paramref name="categories"/>.</summary>
    public static OutputColumn Category(string name, IReadOnlyList<string> categories, string description) =>
        new() { Name = name, Type = ColumnType.String, Categories = categories, Description = description };
}
