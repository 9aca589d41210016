namespace Features.Plugins.Technical.Common;

/// <summary>Facts shared by every plugin of the technical pack.</summary>
internal static class TechnicalPack
{
    /// <summary>The pack's version; bump it when any kernel's output changes.</summary>
    public const string Version = "1.0.0";

    /// <summary>The upper bound used for lookback parameters.</summary>
    public const long MaxPeriod = 10_000;
}
