namespace Features.Host.News;

/// <summary>What one news item and one upload may hold (<c>Features:News</c> sets the per-upload counts).</summary>
public sealed class NewsOptions
{
    /// <summary>Bytes one upload may hold (read into memory whole, so it is checked as a whole).</summary>
    public long MaxUploadBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>Items one upload may hold.</summary>
    public int MaxItemsPerUpload { get; set; } = 200_000;

    /// <summary>Words one lexicon may hold.</summary>
    public int MaxLexiconWords { get; set; } = 200_000;
}

/// <summary>Field lengths, fixed by the schema.</summary>
public static class NewsLimits
{
    public const int MaxIdLength = 256;
    public const int MaxSourceLength = 256;
    public const int MaxHeadlineLength = 4_000;
    public const int MaxBodyLength = 1_000_000;
    public const int MaxSymbolsPerItem = 100;
    public const int MaxWordLength = 128;
}

/// <summary>A malformed line of an upload: the 422 names the line and field; nothing of the upload is stored.</summary>
public sealed class NewsFileException(int line, string field, string message) : Exception(message)
{
    public int Line { get; } = line;
    public string Field { get; } = field;
}
