namespace Features.Host.Errors;

/// <summary>
/// A failure the user can act on, turned into an RFC 9457 problem response: status, a title, a detail in
/// plain words and, for invalid input, the fields concerned.
/// </summary>
public sealed class ProblemException(int status, string title, string detail, IReadOnlyDictionary<string, string[]>? errors = null, Exception? inner = null)
    : Exception(detail, inner)
{
    public int Status { get; } = status;
    public string Title { get; } = title;
    public string Detail { get; } = detail;
    public IReadOnlyDictionary<string, string[]>? Errors { get; } = errors;

    public static ProblemException NotFound(string detail) => new(404, "Not Found", detail);

    public static ProblemException Invalid(string field, string message) =>
        new(422, "Invalid request", $"{field}: {message}", new Dictionary<string, string[]> { [field] = [message] });

    public static ProblemException Invalid(IReadOnlyDictionary<string, string[]> errors) =>
        new(422, "Invalid request", string.Join("; ", errors.SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}"))), errors);

    public static ProblemException Conflict(string detail) => new(409, "Conflict", detail);

    public static ProblemException Unavailable(string detail, Exception? inner = null) => new(503, "Service Unavailable", detail, null, inner);
}
