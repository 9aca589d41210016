using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using FastEndpoints;
using FluentValidation.Results;
using Features.Host.Configuration;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;

namespace Features.Host.Errors;

/// <summary>
/// Requests that cannot even be read (broken JSON, a value of the wrong JSON type, an unknown field, nesting
/// too deep, a body too large) get the same problem shape as validation errors, naming the field.
/// </summary>
public static partial class RequestShape
{
    /// <summary>FastEndpoints' JSON binding failure, rewritten: the field from the exception's path, the message in plain words.</summary>
    public static ValidationFailure JsonFailure(JsonException e, int maxDepth)
    {
        var message = e.Message;
        var unknown = UnknownMember().Match(message);
        if (unknown.Success)
        {
            var field = Prefix(e.Path) + unknown.Groups[1].Value;
            var allowed = AllowedFields(unknown.Groups[2].Value);
            return new ValidationFailure(field, "is not a field of this request" + (allowed.Count > 0 ? $"; allowed: {string.Join(", ", allowed)}" : ""));
        }
        var path = Field(e.Path);
        if (message.Contains("depth", StringComparison.OrdinalIgnoreCase))
        {
            return new ValidationFailure(path, $"nests deeper than {maxDepth} levels (Features:Limits:MaxJsonDepth)");
        }
        if (message.StartsWith("The input does not contain any JSON tokens", StringComparison.Ordinal))
        {
            return new ValidationFailure("body", "is empty; send a JSON object");
        }
        var conversion = Conversion().Match(message);
        if (conversion.Success)
        {
            var target = conversion.Groups[1].Value;
            return path == "body"
                ? new ValidationFailure("body", "must be a JSON object")
                : new ValidationFailure(path, "has the wrong JSON type: " + Expected(target));
        }
        // A syntax error (the reader's own exception): say where.
        var where = e.LineNumber is { } line ? $" (line {line + 1}, byte {e.BytePositionInLine + 1})" : "";
        return new ValidationFailure(path, "is not valid JSON: " + Cut(message) + where);
    }

    private static string Expected(string type)
    {
        var t = type.Replace("System.Nullable`1[", "").TrimEnd(']');
        return t switch
        {
            "System.String" => "expected a string",
            "System.Int32" => "expected a whole number between -2147483648 and 2147483647",
            "System.Int64" => "expected a whole number",
            "System.Double" => "expected a number",
            "System.Boolean" => "expected true or false",
            "System.Guid" => "expected a UUID string",
            _ => "expected " + t.Split('.').Last(),
        };
    }

    /// <summary>The snake_case JSON names a request type accepts (route-bound properties excluded).</summary>
    private static List<string> AllowedFields(string typeName)
    {
        var type = typeof(RequestShape).Assembly.GetType(typeName);
        if (type is null) return [];
        return [.. type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && p.GetCustomAttribute<BindFromAttribute>() is null)
            .Select(p => JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name))];
    }

    private static string Field(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$") return "body";
        var field = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
        field = field.Replace("['", ".").Replace("']", "").TrimStart('.');
        return field.Length > 80 ? field[..80] : field;
    }

    private static string Prefix(string? path) => Field(path) is var f && f != "body" ? f + "." : "";

    private static string Cut(string message)
    {
        var i = message.IndexOf(" Path:", StringComparison.Ordinal);
        if (i < 0) i = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (i > 0 ? message[..i] : message).TrimEnd('.', ' ');
    }

    [GeneratedRegex("The JSON property '(.+?)' could not be mapped to any .NET member contained in type '(.+?)'")]
    private static partial Regex UnknownMember();

    [GeneratedRegex("could not be converted to ([^ .]+(?:\\.[^ .]+)*(?:\\[[^\\]]*\\])?)")]
    private static partial Regex Conversion();

    /// <summary>Where files are uploaded: their bodies are capped at <see cref="LimitOptions.MaxUploadBytes"/> instead.</summary>
    private static readonly string[] UploadPaths = ["/api/v1/market-data", "/api/v1/fundamentals", "/api/v1/news"];

    /// <summary>
    /// Caps every request body except file uploads (<see cref="UploadPaths"/>) at <see cref="LimitOptions.MaxJsonBodyBytes"/> (413 before
    /// anything is read when Content-Length says so), and drops an empty body's JSON content type so it binds as no body.
    /// </summary>
    public static void UseRequestLimits(this WebApplication app, FeaturesOptions options) =>
        app.Use(async (context, next) =>
        {
            var request = context.Request;
            if (!UploadPaths.Any(p => request.Path.StartsWithSegments(p)) || HttpMethods.IsGet(request.Method))
            {
                var max = options.Limits.MaxJsonBodyBytes;
                if (request.ContentLength > max)
                {
                    await ProblemResponses.WriteAsync(context, 413, "Payload Too Large",
                        $"body: {request.ContentLength} bytes is more than the {max} bytes allowed for this endpoint (Features:Limits:MaxJsonBodyBytes)",
                        new Dictionary<string, string[]> { ["body"] = [$"must be at most {max} bytes"] });
                    return;
                }
                if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = max;
            }
            // Some clients send a JSON content type on a bodiless GET or DELETE: read it as no body at all.
            if (request.ContentLength == 0 && (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsDelete(request.Method)))
            {
                request.ContentType = null;
            }
            await next(context);
        });

    /// <summary>Gives an empty error response (unmatched route, wrong method, unsupported media type) a problem body.</summary>
    public static void UseProblemStatusPages(this WebApplication app) =>
        app.UseStatusCodePages(async status =>
        {
            var context = status.HttpContext;
            var code = context.Response.StatusCode;
            var path = context.Request.Path.Value ?? "";
            var title = ReasonPhrases.GetReasonPhrase(code);
            IReadOnlyDictionary<string, string[]>? errors = null;
            string detail;
            var featureId = FeatureSegment().Match(path);
            if (code == 404 && featureId.Success && featureId.Groups[1].Value != "plugins" && !Guid.TryParse(featureId.Groups[1].Value, out _))
            {
                detail = "feature_id: must be a UUID such as 3fa85f64-5717-4562-b3fc-2c963f66afa6; Feature not found";
                errors = new Dictionary<string, string[]> { ["feature_id"] = ["must be a UUID"] };
            }
            else
            {
                detail = code switch
                {
                    404 => $"no resource at {context.Request.Method} {path}; see /swagger for the API",
                    405 => $"{context.Request.Method} is not allowed on {path}",
                    415 => $"unsupported content type '{context.Request.ContentType}'; send application/json (or, for market data, text/csv, application/vnd.apache.parquet or multipart/form-data)",
                    _ => title,
                };
                if (code == 415) errors = new Dictionary<string, string[]> { ["content_type"] = ["is not supported by this endpoint"] };
            }
            await ProblemResponses.WriteAsync(context, code, title, detail, errors);
        });

    [GeneratedRegex("^/api/v1/features/([^/]+)")]
    private static partial Regex FeatureSegment();
}
