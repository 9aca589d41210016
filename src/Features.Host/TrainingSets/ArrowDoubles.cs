using Apache.Arrow;

namespace Features.Host.TrainingSets;

/// <summary>A stored dataset column read as doubles (null as NaN), as the training-set join and the snapshot take values.</summary>
internal static class ArrowDoubles
{
    public static void Append(IArrowArray array, List<double> target)
    {
        for (var i = 0; i < array.Length; i++)
        {
            target.Add(array.IsNull(i) ? double.NaN : array switch
            {
                DoubleArray d => d.GetValue(i)!.Value,
                FloatArray f => f.GetValue(i)!.Value,
                Int64Array l => l.GetValue(i)!.Value,
                Int32Array n => n.GetValue(i)!.Value,
                BooleanArray b => b.GetValue(i)!.Value ? 1 : 0,
                _ => double.NaN,
            });
        }
    }
}
