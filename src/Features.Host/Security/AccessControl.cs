using System.Security.Claims;
using Features.Host.Configuration;
using Features.Host.Errors;

namespace Features.Host.Security;

/// <summary>
/// API-key (and, when configured, JWT bearer) authentication and role checks for <c>/api/*</c>, by HTTP method: GET/HEAD need <c>reader</c>,
/// DELETE needs <c>admin</c>, every other method (create, update, generate, ingest) needs <c>writer</c>.
/// <c>/health</c> and the OpenAPI pages stay anonymous. Keys come as <c>Authorization: Bearer &lt;key&gt;</c> or <c>X-Api-Key</c>;
/// a bearer credential shaped like a JWT goes to <see cref="JwtAccess"/> instead.
/// </summary>
public static class AccessControl
{
    public static string RequiredRole(HttpRequest request)
    {
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method)) return Roles.Reader;
        if (HttpMethods.IsDelete(request.Method)) return Roles.Admin;
        return Roles.Writer;
    }

    public static void UseApiKeyAccess(this WebApplication app, FeaturesOptions options)
    {
        if (!options.Auth.Enabled) return;
        var jwt = options.Auth.Jwt;
        app.Use(async (context, next) =>
        {
            if (!context.Request.Path.StartsWithSegments("/api"))
            {
                await next(context);
                return;
            }
            var secret = Credential(context.Request);
            if (secret is null)
            {
                context.Response.Headers.WWWAuthenticate = "Bearer";
                await ProblemResponses.WriteAsync(context, 401, "Unauthorized", jwt.Enabled
                    ? "this API needs an API key or a bearer token: send 'Authorization: Bearer <key or token>' or 'X-Api-Key: <key>'"
                    : "this API needs an API key: send 'Authorization: Bearer <key>' or 'X-Api-Key: <key>' (an operator creates keys with 'keys create')");
                return;
            }
            string who, role;
            ClaimsPrincipal user;
            if (jwt.Enabled && IsBearer(context.Request) && JwtAccess.IsJwt(secret))
            {
                var (principal, status, reason) = await JwtAccess.AuthenticateAsync(context, jwt);
                if (principal is null)
                {
                    if (status == 401) context.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
                    await ProblemResponses.WriteAsync(context, status, status == 401 ? "Unauthorized" : "Service Unavailable", reason);
                    return;
                }
                who = $"the token of '{principal.FindFirst("sub")?.Value ?? "?"}'";
                if (JwtAccess.Role(principal, jwt) is not { } granted)
                {
                    await ProblemResponses.WriteAsync(context, 403, "Forbidden",
                        $"{who} carries no role ({string.Join(", ", Roles.All)}) in its '{jwt.RoleClaim}' claim");
                    return;
                }
                (role, user) = (granted, principal);
            }
            else
            {
                var key = await context.RequestServices.GetRequiredService<ApiKeyStore>().FindAsync(secret, context.RequestAborted);
                if (key is null)
                {
                    context.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
                    await ProblemResponses.WriteAsync(context, 401, "Unauthorized", "the API key is unknown or revoked");
                    return;
                }
                (who, role) = ($"the key '{key.Name}'", key.Role);
                user = new ClaimsPrincipal(new ClaimsIdentity(
                    [new Claim(ClaimTypes.NameIdentifier, key.Id.ToString()), new Claim(ClaimTypes.Name, key.Name), new Claim(ClaimTypes.Role, key.Role)], "ApiKey"));
            }
            var required = RequiredRole(context.Request);
            if (!Roles.Grants(role, required))
            {
                await ProblemResponses.WriteAsync(context, 403, "Forbidden",
                    $"{who} has role '{role}'; {context.Request.Method} {context.Request.Path} needs role '{required}'");
                return;
            }
            context.User = user;
            await next(context);
        });
    }

    private static bool IsBearer(HttpRequest request) => request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);

    private static string? Credential(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && header.Length > 7) return header[7..].Trim();
        var apiKey = request.Headers["X-Api-Key"].ToString().Trim();
        return apiKey.Length > 0 ? apiKey : null;
    }
}
