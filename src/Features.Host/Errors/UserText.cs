namespace Features.Host.Errors;

/// <summary>What a client typed, made safe to quote back in an error message.</summary>
public static class UserText
{
    /// <summary>The text cut to <paramref name="max"/> characters with "..." after, so a huge value never floods a problem body.</summary>
    public static string Shorten(string text, int max = 40) => text.Length > max ? text[..max] + "..." : text;

    /// <summary>False for lone UTF-16 surrogates, which JSON escapes can smuggle in and UTF-8 storage cannot encode.</summary>
    public static bool IsWellFormed(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) i++;
            else if (char.IsSurrogate(text[i])) return false;
        }
        return true;
    }
}
