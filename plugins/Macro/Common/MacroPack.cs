using Features.PluginSdk;

namespace Features.Plugins.Macro.Common;

/// <summary>Facts and parameter declarations shared by every plugin of the macro pack.</summary>
internal static class MacroPack
{
    /// <summary>The pack's version; bump it when any kernel's output changes.</summary>
    public const string Version = "1.0.0";

    /// <summary>The upper bound used for lookback parameters.</summary>
    public const long MaxPeriod = 10_000;

    /// <summary>Microseconds in one day, for ages reported in days.</summary>
    public const double MicrosPerDay = 86_400_000_000d;

    public static ParameterSpec Series(string name, string what) => ParameterSpec.Text(name, null,
        $"Symbol of the {what} in the bar store (its close is the value); required.");

    public static ParameterSpec ReleaseLag() => ParameterSpec.Duration("release_lag", "0s",
        "Publication delay: an observation stamped t is usable from bars stamped t + release_lag onwards (0s = on its own timestamp).");

    public static ParameterSpec Benchmark() => ParameterSpec.Text("benchmark", null, BenchmarkAttribute.Text);

    /// <summary>The cursor the host opened for <paramref name="role"/>; a clear error when it is missing.</summary>
    public static IAuxiliarySeries Auxiliary(KernelContext context, string role) => new AuxiliaryInput(role).Open(context);
}

/// <summary>The shared <c>benchmark</c> parameter of a typed parameters class: a required symbol (declare it <c>string?</c>, no initial value).</summary>
internal sealed class BenchmarkAttribute() : ParameterAttribute(Text)
{
    public const string Text =
        "Symbol of the benchmark (market/base) series in the bar store, matched to this symbol's bars on equal timestamps; required.";
}
