using Features.Host.Generation;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Features.Host.Configuration;

/// <summary>The generate pipeline's parts, and where its telemetry goes.</summary>
public static class GenerationSetup
{
    public static void AddFeaturesGeneration(this IServiceCollection services)
    {
        services.AddSingleton<GenerationTelemetry>();
        services.AddSingleton<PlanFactsCache>();
        services.AddSingleton<GenerationPlanner>();
        services.AddSingleton<SingleFlight<string, GenerationResult>>();
        services.AddSingleton<KernelRunner>();
        services.AddSingleton<ObjectIntegrity>();
        services.AddSingleton<DatasetRecorder>();
        services.AddSingleton<DatasetCache>();
        services.AddSingleton<DatasetProducer>();
        services.AddSingleton<GenerationService>();
    }

    /// <summary>
    /// OpenTelemetry for <see cref="GenerationTelemetry.Name"/>: an OTLP exporter when <c>Features:Telemetry:OtlpEndpoint</c>
    /// or <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, a console exporter when <c>Features:Telemetry:Console</c> is true
    /// (default: in Development), and nothing at all otherwise, so spans cost nothing when nobody collects them.
    /// </summary>
    public static void AddFeaturesTelemetry(this WebApplicationBuilder builder, FeaturesOptions options)
    {
        var configured = options.Telemetry;
        if (!string.IsNullOrWhiteSpace(configured.OtlpEndpoint) && string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            // The exporter reads the standard key itself (and appends /v1/traces etc. for http/protobuf).
            builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"] = configured.OtlpEndpoint;
        }
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var console = configured.Console ?? builder.Environment.IsDevelopment();
        if (!otlp && !console) return;

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("features", serviceVersion: typeof(GenerationSetup).Assembly.GetName().Version?.ToString()))
            .WithTracing(tracing =>
            {
                tracing.AddSource(GenerationTelemetry.Name);
                if (otlp) tracing.AddOtlpExporter();
                if (console) tracing.AddConsoleExporter();
            })
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(GenerationTelemetry.Name);
                if (otlp) metrics.AddOtlpExporter();
                if (console) metrics.AddConsoleExporter();
            });
    }
}
