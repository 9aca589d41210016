using System.Text.Json;
using FastEndpoints;
using FastEndpoints.Swagger;
using Features.Host.Configuration;
using Features.Host.Errors;
using Features.Host.Jobs;
using Features.Host.MarketData;
using Features.Host.Plugins;
using Features.Host.Security;
using Features.Host.Ui;
using Features.Host.Warmup;

// A client of a running host (docs/JOBS.md): it needs none of the host's services.
if (JobsCommand.Matches(args))
{
    Environment.ExitCode = await JobsCommand.RunAsync(args, Console.Out, Console.Error, !Console.IsOutputRedirected, CancellationToken.None);
    return;
}

var builder = WebApplication.CreateBuilder(args);
var options = builder.AddFeaturesOptions();
builder.Services.AddFeaturesPlugins(options);
builder.Services.AddFeaturesWork(builder.Configuration, options);
builder.AddFeaturesTelemetry(options);
builder.Services.AddStartupWarmup(builder.Configuration);
builder.Services.AddSingleton<ApiKeyStore>();
builder.Services.AddFeaturesAccess(options);
builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = options.Limits.MaxUploadBytes);
// Requests in flight get this long to finish on SIGTERM; new connections are refused meanwhile.
builder.Services.Configure<HostOptions>(h => h.ShutdownTimeout = TimeSpan.FromSeconds(options.ShutdownTimeoutSeconds));
if (!KeysCommand.Matches(args)) NetworkExposure.Check(options, builder.Configuration);

// Explicit discovery: the scanner must never walk assemblies loaded for plugins.
builder.Services.AddFastEndpoints(o =>
{
    o.DisableAutoDiscovery = true;
    o.Assemblies = [typeof(Program).Assembly];
});
builder.Services.SwaggerDocument(o =>
{
    o.DocumentSettings = s =>
    {
        s.Title = "Features API";
        s.Version = "v1";
        s.Description = "Feature store for quantitative research: definitions, plugins, market data, versioned Parquet datasets.";
    };
    o.ShortSchemaNames = true;
});

var app = builder.Build();

if (KeysCommand.Matches(args))
{
    Environment.ExitCode = await KeysCommand.RunAsync(args, app.Services, Console.Out, Console.Error);
    return;
}

if (args.Contains("seed-sample"))
{
    await app.Services.GetRequiredService<Features.Host.Storage.DatabaseInitializer>().StartAsync(CancellationToken.None);
    await app.Services.GetRequiredService<SampleData>().SeedAsync(force: true, CancellationToken.None);
    return;
}

app.UseProblemResponses();
app.UseWebUi();
app.UseProblemStatusPages();
app.UseRequestLimits(options);
// Who the caller is, then whether the role the endpoint declares admits it (401/403/503 problems: AccessProblems).
app.UseAuthentication();
app.UseAuthorization();
app.UseFastEndpoints(c =>
{
    c.Serializer.Options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
    c.Serializer.Options.DictionaryKeyPolicy = null;
    // A misspelt field must not be silently ignored (e.g. "paramters" would store the defaults).
    c.Serializer.Options.UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow;
    c.Serializer.Options.MaxDepth = options.Limits.MaxJsonDepth;
    c.Binding.JsonExceptionStatusCode = 422;
    c.Binding.JsonExceptionTransformer = e => RequestShape.JsonFailure(e, options.Limits.MaxJsonDepth);
    c.Binding.FailureMessage = (type, name, value) => $"'{UserText.Shorten(value.ToString())}' is not a valid {(Nullable.GetUnderlyingType(type) ?? type).Name switch { "Int32" => "whole number between -2147483648 and 2147483647", "Guid" => "UUID", var n => n }}";
    c.Errors.StatusCode = 422;
    c.Errors.ResponseBuilder = (failures, ctx, status) =>
    {
        var errors = failures.GroupBy(f => JsonNamingPolicy.SnakeCaseLower.ConvertName(f.PropertyName))
            .ToDictionary(g => g.Key, g => g.Select(f => f.ErrorMessage).ToArray());
        var detail = string.Join("; ", errors.SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}")));
        return ProblemResponses.Body(ctx, status, "Invalid request", detail, errors);
    };
});
app.UseSwaggerGen(uiConfig: ui => ui.Path = "/swagger");

// Load plugins and prepare storage before the first request, so failures show at start.
_ = app.Services.GetRequiredService<PluginRegistry>();
app.Lifetime.ApplicationStarted.Register(() =>
{
    if (options.SampleData.SeedOnStart ?? options.Database.Provider.Equals("sqlite", StringComparison.OrdinalIgnoreCase))
    {
        app.Services.GetRequiredService<SampleData>().SeedAsync(force: false, CancellationToken.None).GetAwaiter().GetResult();
    }
});

app.Run();

public partial class Program;
