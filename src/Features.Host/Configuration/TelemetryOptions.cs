namespace Features.Host.Configuration;

/// <summary>Where traces and metrics go (docs/ARCHITECTURE.md, Telemetry). With neither set, nowhere: no exporter, no listener.</summary>
public sealed class TelemetryOptions
{
    /// <summary>An OTLP collector, e.g. <c>http://collector:4317</c>; the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> works too (and wins).</summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary>Traces and metrics printed to the console; default on in the Development environment only.</summary>
    public bool? Console { get; set; }
}
