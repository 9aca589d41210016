using System.Text.RegularExpressions;

namespace Features.Host.MarketData;

/// <summary>What a symbol may look like: it becomes part of object keys and file names, so no separators or dot-only names.</summary>
public static partial class Symbols
{
    public const string Rule = "1 to 64 characters: letters, digits and . _ - ^ =, starting with a letter, digit or ^";

    public static bool IsValid(string? symbol) => symbol is not null && Pattern().IsMatch(symbol);

    [GeneratedRegex("^[A-Za-z0-9^][A-Za-z0-9._^=-]{0,63}$")]
    private static partial Regex Pattern();
}
