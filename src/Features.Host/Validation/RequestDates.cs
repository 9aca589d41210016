using System.Globalization;
using Features.Host.Errors;

namespace Features.Host.Validation;

/// <summary>Dates of a request: ISO 8601 dates or instants, UTC when no zone is given, truncated to whole seconds, 1900..2200.</summary>
public static class RequestDates
{
    public const string Required = "is required (ISO 8601, e.g. 2024-01-31 or 2024-01-31T00:00:00Z; UTC when no zone is given)";

    /// <summary>The instant in UTC, or null with the reason the text is not a usable date.</summary>
    public static DateTime? Parse(string? text, out string problem)
    {
        problem = "";
        if (string.IsNullOrWhiteSpace(text))
        {
            problem = Required;
            return null;
        }
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) || text.Length < 10 || !char.IsDigit(text[0]))
        {
            problem = $"'{UserText.Shorten(text)}' is not an ISO 8601 date such as 2024-01-31 or 2024-01-31T00:00:00Z";
            return null;
        }
        if (parsed.Year < 1900 || parsed.Year > 2200)
        {
            problem = $"must be between 1900 and 2200; got {parsed.Year}";
            return null;
        }
        // The hash spec prints whole seconds; reading uses the same truncated instant.
        var utc = parsed.UtcDateTime;
        return new DateTime(utc.Ticks - utc.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);
    }
}
