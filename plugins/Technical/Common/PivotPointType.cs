namespace Features.Plugins.Technical.Common;

/// <summary>
/// The pivot formula of the point_type parameter (pivot_points, rolling_pivots): its members snake_case to
/// <see cref="PivotLevels.Kinds"/>, in the same order (EnumText gives the string PivotLevels reads).
/// </summary>
public enum PivotPointType
{
    Standard,
    Camarilla,
    Demark,
    Fibonacci,
    Woodie,
}
