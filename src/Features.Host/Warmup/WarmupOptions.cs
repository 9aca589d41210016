namespace Features.Host.Warmup;

/// <summary>
/// <c>Features:Warmup</c>: a small job run once at start in a scratch home of its own, so a fresh host's first real job
/// does not pay for compiling the job path (docs/JOBS.md, "The start-up warm-up").
/// </summary>
public sealed class WarmupOptions
{
    /// <summary>Run the warm-up after start (default on; the test hosts turn it off).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The plugins whose kernels the warm-up job runs; those not deployed are skipped.</summary>
    public string[] Plugins { get; set; } = ["technical.wma", "technical.cci", "statistical.quantile"];

    /// <summary>Synthetic symbols of the warm-up job.</summary>
    public int Symbols { get; set; } = 128;

    /// <summary>Daily bars per synthetic symbol.</summary>
    public int Bars { get; set; } = 250;

    /// <summary>Longest the warm-up may take before it is abandoned (it never delays requests: it runs beside them).</summary>
    public int TimeoutSeconds { get; set; } = 120;

    public void Check()
    {
        if (Symbols is < 1 or > 1000) throw new InvalidOperationException($"Features:Warmup:Symbols must be between 1 and 1000, not {Symbols}");
        if (Bars is < 100 or > 100_000) throw new InvalidOperationException($"Features:Warmup:Bars must be between 100 and 100000, not {Bars}");
        if (TimeoutSeconds is < 1 or > 3_600) throw new InvalidOperationException($"Features:Warmup:TimeoutSeconds must be between 1 and 3600, not {TimeoutSeconds}");
    }
}
