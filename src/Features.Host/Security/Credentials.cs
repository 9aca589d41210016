namespace Features.Host.Security;

/// <summary>Where a caller's secret travels: <c>Authorization: Bearer &lt;key or token&gt;</c> or <c>X-Api-Key: &lt;key&gt;</c>.</summary>
public static class Credentials
{
    /// <summary>The credential the request carries, or null.</summary>
    public static string? From(HttpRequest request) => Bearer(request) ?? (request.Headers["X-Api-Key"].ToString().Trim() is { Length: > 0 } key ? key : null);

    /// <summary>The bearer credential of the Authorization header, or null.</summary>
    public static string? Bearer(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && header.Length > 7 ? header[7..].Trim() : null;
    }
}
