using Features.PluginSdk;

namespace Features.Plugins.Technical.Common;

/// <summary>
/// The six Alligator parameters, shared by the Alligator and Gator plugins. Declared once, as the typed
/// <see cref="AlligatorLineParameters"/>; the untyped members below are derived from it and kept for callers that
/// still hold a <see cref="ParameterValues"/>.
/// </summary>
internal static class AlligatorParameters
{
    public static readonly IReadOnlyList<ParameterSpec> Specs = ParameterBinder<AlligatorLineParameters>.Specs;

    /// <summary>Bar index of the first value of each line: period - 1 + offset.</summary>
    public static (int Jaw, int Teeth, int Lips) FirstValues(AlligatorLineParameters p) => (
        p.JawPeriod - 1 + p.JawOffset,
        p.TeethPeriod - 1 + p.TeethOffset,
        p.LipsPeriod - 1 + p.LipsOffset);

    /// <inheritdoc cref="FirstValues(AlligatorLineParameters)"/>
    public static (int Jaw, int Teeth, int Lips) FirstValues(ParameterValues p) => FirstValues(ParameterBinder<AlligatorLineParameters>.Bind(p));

    public static AlligatorLines CreateLines(AlligatorLineParameters p) => new(
        p.JawPeriod, p.JawOffset,
        p.TeethPeriod, p.TeethOffset,
        p.LipsPeriod, p.LipsOffset);

    public static AlligatorLines CreateLines(ParameterValues p) => CreateLines(ParameterBinder<AlligatorLineParameters>.Bind(p));
}
