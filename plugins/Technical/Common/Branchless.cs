using System.Runtime.Intrinsics;

namespace Features.Plugins.Technical.Common;

/// <summary>
/// Selects done with compare masks rather than branches, for conditions that are coin flips on price data
/// (up or down bar): a mispredicted branch costs more than a whole streaming kernel's arithmetic per bar.
/// </summary>
internal static class Branchless
{
    /// <summary>Exactly <c>x &gt; 0 ? x : 0</c> (so NaN and -0 give +0).</summary>
    public static double PositivePart(double x)
    {
        var v = Vector128.CreateScalarUnsafe(x);
        return (v & Vector128.GreaterThan(v, Vector128<double>.Zero)).ToScalar();
    }

    /// <summary>
    /// The larger of two values that are not NaN (ties may give either zero sign), as the processor's max
    /// instruction: <see cref="Math.Max(double, double)"/> adds fix-ups for NaN and signed zeros, which cost
    /// several cycles on a running maximum's dependency chain.
    /// </summary>
    public static double Max(double a, double b) =>
        Vector128.MaxNative(Vector128.CreateScalarUnsafe(a), Vector128.CreateScalarUnsafe(b)).ToScalar();
}
