using Features.PluginSdk;

namespace Features.Plugins.Technical.Common;

/// <summary>The six Alligator parameters, shared by the Alligator and Gator plugins (typed SDK).</summary>
public sealed class AlligatorLineParameters
{
    [Parameter("Lookback of the jaw's SMMA, in bars.", Minimum = 1, Maximum = TechnicalPack.MaxPeriod)]
    public int JawPeriod { get; init; } = 13;

    [Parameter("How many bars the jaw is shifted forward.", Minimum = 0, Maximum = TechnicalPack.MaxPeriod)]
    public int JawOffset { get; init; } = 8;

    [Parameter("Lookback of the teeth's SMMA, in bars.", Minimum = 1, Maximum = TechnicalPack.MaxPeriod)]
    public int TeethPeriod { get; init; } = 8;

    [Parameter("How many bars the teeth are shifted forward.", Minimum = 0, Maximum = TechnicalPack.MaxPeriod)]
    public int TeethOffset { get; init; } = 5;

    [Parameter("Lookback of the lips' SMMA, in bars.", Minimum = 1, Maximum = TechnicalPack.MaxPeriod)]
    public int LipsPeriod { get; init; } = 5;

    [Parameter("How many bars the lips are shifted forward.", Minimum = 0, Maximum = TechnicalPack.MaxPeriod)]
    public int LipsOffset { get; init; } = 3;
}
