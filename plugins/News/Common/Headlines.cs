namespace Features.Plugins.News.Common;

/// <summary>Headlines as lower-case words, and word shingles of them.</summary>
internal static class Headlines
{
    /// <summary>The words of <paramref name="text"/>: runs of letters, digits and apostrophes, lower case.</summary>
    public static List<string> Words(string text)
    {
        var words = new List<string>();
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var inWord = i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] is '\'' or '’');
            if (inWord && start < 0) start = i;
            else if (!inWord && start >= 0)
            {
                words.Add(text[start..i].ToLowerInvariant().Replace('’', '\''));
                start = -1;
            }
        }
        return words;
    }

    /// <summary>The set of <paramref name="size"/>-word shingles (the whole headline as one shingle when it is shorter).</summary>
    public static HashSet<string> Shingles(string text, int size)
    {
        var words = Words(text);
        var shingles = new HashSet<string>(StringComparer.Ordinal);
        if (words.Count <= size)
        {
            shingles.Add(string.Join(' ', words));
            return shingles;
        }
        for (var i = 0; i + size <= words.Count; i++) shingles.Add(string.Join(' ', words.GetRange(i, size)));
        return shingles;
    }

    /// <summary>|A ∩ B| / |A ∪ B|; 1 for two empty sets.</summary>
    public static double Jaccard(HashSet<string> a, HashSet<string> b)
    {
        if (a.Count == 0 && b.Count == 0) return 1;
        var (small, large) = a.Count <= b.Count ? (a, b) : (b, a);
        var common = 0;
        foreach (var s in small)
        {
            if (large.Contains(s)) common++;
        }
        return (double)common / (a.Count + b.Count - common);
    }
}
