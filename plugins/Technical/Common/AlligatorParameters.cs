using Features.PluginSdk;

namespace Features.Plugins.Technical.Common;

/// <summary>The six Alligator parameters, shared as data by the Alligator and Gator descriptors.</summary>
internal static class AlligatorParameters
{
    public static readonly IReadOnlyList<ParameterSpec> Specs =
    [
        ParameterSpec.Integer("jaw_period", 13, 1, TechnicalPack.MaxPeriod, "Lookback of the jaw's SMMA, in bars."),
        ParameterSpec.Integer("jaw_offset", 8, 0, TechnicalPack.MaxPeriod, "How many bars the jaw is shifted forward."),
        ParameterSpec.Integer("teeth_period", 8, 1, TechnicalPack.MaxPeriod, "Lookback of the teeth's SMMA, in bars."),
        ParameterSpec.Integer("teeth_offset", 5, 0, TechnicalPack.MaxPeriod, "How many bars the teeth are shifted forward."),
        ParameterSpec.Integer("lips_period", 5, 1, TechnicalPack.MaxPeriod, "Lookback of the lips' SMMA, in bars."),
        ParameterSpec.Integer("lips_offset", 3, 0, TechnicalPack.MaxPeriod, "How many bars the lips are shifted forward."),
    ];

    /// <summary>Bar index of the first value of each line: period - 1 + offset.</summary>
    public static (int Jaw, int Teeth, int Lips) FirstValues(ParameterValues p) => (
        p.GetInt32("jaw_period") - 1 + p.GetInt32("jaw_offset"),
        p.GetInt32("teeth_period") - 1 + p.GetInt32("teeth_offset"),
        p.GetInt32("lips_period") - 1 + p.GetInt32("lips_offset"));

    public static AlligatorLines CreateLines(ParameterValues p) => new(
        p.GetInt32("jaw_period"), p.GetInt32("jaw_offset"),
        p.GetInt32("teeth_period"), p.GetInt32("teeth_offset"),
        p.GetInt32("lips_period"), p.GetInt32("lips_offset"));
}
