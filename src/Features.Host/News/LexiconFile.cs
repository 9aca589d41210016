using System.Globalization;
using Features.Host.Delimited;

namespace Features.Host.News;

/// <summary>
/// A lexicon upload: CSV <c>word,polarity</c> (RFC 4180, parsed by Sep through <see cref="DelimitedReader"/>: a quote never closed is refused), a header row optional (a first row whose polarity
/// is not a number is taken as one). Words are trimmed and lower-cased, one word each (no spaces); a word listed twice
/// keeps its later polarity.
/// </summary>
public sealed record LexiconFile(IReadOnlyList<(string Word, double Polarity)> Words, int Duplicates)
{
    public const string NamePattern = "^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$";
    public const string NameRule = "1 to 64 characters: letters, digits and _ . -, starting with a letter or digit";

    private static readonly DelimitedFormat Format = DelimitedFormat.Csv with
    {
        Header = false,
        Columns = 2,
        FieldCount = (actual, _) => $"{actual} fields; each line is word,polarity",
    };

    public static LexiconFile Read(string text, int maxWords)
    {
        var words = new Dictionary<string, double>(StringComparer.Ordinal);
        var duplicates = 0;
        using var file = DelimitedReader.Open(text, Format, (line, field, message) => new NewsFileException(line, field, message));
        var first = true;
        foreach (var row in file)
        {
            var line = file.Line;
            var word = row[0].Span.ToString().Trim().ToLowerInvariant();
            var polarityText = row[1].Span.ToString().Trim();
            var isNumber = double.TryParse(polarityText, NumberStyles.Float, CultureInfo.InvariantCulture, out var polarity) && double.IsFinite(polarity);
            if (first && !isNumber)
            {
                first = false;
                continue;
            }
            first = false;
            if (!isNumber) throw new NewsFileException(line, "polarity", $"polarity '{Errors.UserText.Shorten(polarityText)}' is not a number");
            if (word.Length == 0 || word.Any(char.IsWhiteSpace)) throw new NewsFileException(line, "word", "a word is one word: not empty, no spaces");
            if (word.Length > NewsLimits.MaxWordLength) throw new NewsFileException(line, "word", $"the word is {word.Length} characters long; at most {NewsLimits.MaxWordLength}");
            if (words.ContainsKey(word)) duplicates++;
            words[word] = polarity;
            if (words.Count > maxWords) throw new NewsFileException(line, "file", $"more than {maxWords} words (Features:News:MaxLexiconWords)");
        }
        if (words.Count == 0) throw new NewsFileException(1, "file", "the lexicon holds no words; send CSV lines word,polarity");
        return new LexiconFile([.. words.Select(w => (w.Key, w.Value))], duplicates);
    }
}
