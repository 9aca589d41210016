namespace Features.Plugins.Technical.Common;

/// <summary>Pivot point levels from a window's open/high/low/close, the reference library's five kinds.</summary>
internal static class PivotLevels
{
    public static readonly IReadOnlyList<string> Kinds = ["standard", "camarilla", "demark", "fibonacci", "woodie"];

    public const string KindsDescription =
        "standard: PP=(H+L+C)/3, S1=2PP-H, S2=PP-(H-L), S3=L-2(H-PP), R1=2PP-L, R2=PP+(H-L), R3=H+2(PP-L); " +
        "camarilla: PP=C, S/Rn = C -/+ 1.1*(H-L)*{1/12,1/6,1/4,1/2}; " +
        "demark: X = H+2L+C if C<O, 2H+L+C if C>O, else H+L+2C; PP=X/4, S1=X/2-H, R1=X/2-L; " +
        "fibonacci: PP=(H+L+C)/3, S/Rn = PP -/+ {0.382,0.618,1}*(H-L); " +
        "woodie: PP=(H+L+2*O)/4 with O the current open, then S/R as standard. Levels a kind does not define are null.";

    /// <summary>Writes pp, s1..s4, r1..r4 (NaN where the kind has no such level).</summary>
    public static void Compute(string kind, double open, double high, double low, double close, Span<double> levels)
    {
        // Order: pp, s1, s2, s3, s4, r1, r2, r3, r4.
        levels.Fill(double.NaN);
        var range = high - low;
        switch (kind)
        {
            case "camarilla":
                levels[0] = close;
                levels[1] = close - 1.1 / 12 * range;
                levels[2] = close - 1.1 / 6 * range;
                levels[3] = close - 1.1 / 4 * range;
                levels[4] = close - 1.1 / 2 * range;
                levels[5] = close + 1.1 / 12 * range;
                levels[6] = close + 1.1 / 6 * range;
                levels[7] = close + 1.1 / 4 * range;
                levels[8] = close + 1.1 / 2 * range;
                break;
            case "demark":
            {
                var x = close < open ? high + 2 * low + close : close > open ? 2 * high + low + close : high + low + 2 * close;
                levels[0] = x / 4;
                levels[1] = x / 2 - high;
                levels[5] = x / 2 - low;
                break;
            }
            case "fibonacci":
            {
                var pp = (high + low + close) / 3;
                levels[0] = pp;
                levels[1] = pp - 0.382 * range;
                levels[2] = pp - 0.618 * range;
                levels[3] = pp - range;
                levels[5] = pp + 0.382 * range;
                levels[6] = pp + 0.618 * range;
                levels[7] = pp + range;
                break;
            }
            case "woodie":
            {
                var pp = (high + low + 2 * open) / 4;
                Standard(pp, high, low, levels);
                break;
            }
            default:
                Standard((high + low + close) / 3, high, low, levels);
                break;
        }
    }

    private static void Standard(double pp, double high, double low, Span<double> levels)
    {
        levels[0] = pp;
        levels[1] = pp * 2 - high;
        levels[2] = pp - (high - low);
        levels[3] = low - 2 * (high - pp);
        levels[5] = pp * 2 - low;
        levels[6] = pp + (high - low);
        levels[7] = high + 2 * (pp - low);
    }
}
