using System.Globalization;
using Features.Host.Errors;
using Features.Host.Generation;
using Features.Host.MarketData;

namespace Features.Host.Api.Features;

/// <summary>The body of generate and regenerate: <c>{symbol, timeframe="1d", start_date, end_date}</c>, end exclusive.</summary>
public class GenerateBody
{
    public string? Symbol { get; set; }
    public string? Timeframe { get; set; } = "1d";
    public string? StartDate { get; set; }
    public string? EndDate { get; set; }

    /// <summary>Checks every field and returns the normalised request; all problems are reported at once.</summary>
    public GenerationRequest Validate()
    {
        var errors = new Dictionary<string, string[]>();
        if (!Symbols.IsValid(Symbol)) errors["symbol"] = [$"must be {Symbols.Rule}"];
        var timeframe = Timeframe ?? "1d";
        if (!Timeframes.IsValid(timeframe)) errors["timeframe"] = [$"unsupported timeframe '{Shorten(timeframe)}'; allowed: {Timeframes.AllowedText}"];
        var start = ParseDate(StartDate, "start_date", errors);
        var end = ParseDate(EndDate, "end_date", errors);
        if (start is not null && end is not null && end <= start) errors["end_date"] = [$"must be after start_date ({start:yyyy-MM-ddTHH:mm:ssZ}); the range is [start_date, end_date)"];
        if (errors.Count > 0) throw ProblemException.Invalid(errors);
        return new GenerationRequest(Symbol!, timeframe, start!.Value, end!.Value);
    }

    private static DateTime? ParseDate(string? text, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            errors[field] = ["is required (ISO 8601, e.g. 2024-01-31 or 2024-01-31T00:00:00Z; UTC when no zone is given)"];
            return null;
        }
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) || text.Length < 10 || !char.IsDigit(text[0]))
        {
            errors[field] = [$"'{Shorten(text)}' is not an ISO 8601 date such as 2024-01-31 or 2024-01-31T00:00:00Z"];
            return null;
        }
        if (parsed.Year < 1900 || parsed.Year > 2200)
        {
            errors[field] = [$"must be between 1900 and 2200; got {parsed.Year}"];
            return null;
        }
        // The hash spec prints whole seconds; reading uses the same truncated instant.
        var utc = parsed.UtcDateTime;
        return new DateTime(utc.Ticks - utc.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);
    }

    private static string Shorten(string s) => s.Length > 40 ? s[..40] + "..." : s;
}
