using System.Security.Claims;
using Features.Host.Configuration;
using Features.Host.Errors;

namespace Features.Host.Security;

/// <summary>
/// API-key authentication and role checks for <c>/api/*</c>, by HTTP method: GET/HEAD need <c>reader</c>,
/// DELETE needs <c>admin</c>, every other method (create, update, generate, ingest) needs <c>writer</c>.
/// <c>/health</c> and the OpenAPI pages stay anonymous. Keys come as <c>Authorization: Bearer &lt;key&gt;</c> or <c>X-Api-Key</c>.
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
                await ProblemResponses.WriteAsync(context, 401, "Unauthorized",
                    "this API needs an API key: send 'Authorization: Bearer <key>' or 'X-Api-Key: <key>' (an operator creates keys with 'keys create')");
                return;
            }
            var key = await context.RequestServices.GetRequiredService<ApiKeyStore>().FindAsync(secret, context.RequestAborted);
            if (key is null)
            {
                context.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
                await ProblemResponses.WriteAsync(context, 401, "Unauthorized", "the API key is unknown or revoked");
                return;
            }
            var required = RequiredRole(context.Request);
            if (!Roles.Grants(key.Role, required))
            {
                await ProblemResponses.WriteAsync(context, 403, "Forbidden",
                    $"the key '{key.Name}' has role '{key.Role}'; {context.Request.Method} {context.Request.Path} needs role '{required}'");
                return;
            }
            context.User = new ClaimsPrincipal(new ClaimsIdentity(
                [new Claim(ClaimTypes.NameIdentifier, key.Id.ToString()), new Claim(ClaimTypes.Name, key.Name), new Claim(ClaimTypes.Role, key.Role)], "ApiKey"));
            await next(context);
        });
    }

    private static string? Credential(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && header.Length > 7) return header[7..].Trim();
        var apiKey = request.Headers["X-Api-Key"].ToString().Trim();
        return apiKey.Length > 0 ? apiKey : null;
    }
}
