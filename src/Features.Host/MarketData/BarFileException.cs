namespace Features.Host.MarketData;

/// <summary>An uploaded bar file is malformed; <see cref="Line"/> is 1-based (the header is line 1), 0 for the whole file.</summary>
public sealed class BarFileException(int line, string field, string message)
    : Exception(line > 0 ? $"line {line}: {message}" : message)
{
    public int Line { get; } = line;
    public string Field { get; } = field;
}
