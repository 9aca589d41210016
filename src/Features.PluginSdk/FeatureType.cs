namespace Features.PluginSdk;

/// <summary>The family a feature belongs to; reported as lowercase in the API.</summary>
public enum FeatureType
{
    /// <summary>Price/volume indicators.</summary>
    Technical,
    /// <summary>Statistical calculators over a window.</summary>
    Statistical,
    /// <summary>Many calculators extracted at once.</summary>
    Automated,
    /// <summary>Features derived from news.</summary>
    News,
    /// <summary>Company fundamentals.</summary>
    Fundamental,
    /// <summary>Macro series joined point-in-time.</summary>
    Macro,
}
