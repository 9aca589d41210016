using Apache.Arrow;
using Features.PluginSdk;

namespace Features.Plugins.Tests.Sdk;

/// <summary>
/// A look-ahead kernel's batches: rows held back across batch boundaries come out in order with their float, int and
/// boolean values and nulls as written (int and boolean columns are written into Arrow directly, not through a
/// builder), and its float buffers go back to the SDK's pool when a batch is disposed, like a bar kernel's.
/// </summary>
public sealed class DeferredOutputTests
{
    // Lengths no other test uses, so parallel tests cannot take these buffers from the pool.
    private const int Rows = 65_519;
    private const int Held = 3;
    private const int SeriesRows = 65_497;

    private static readonly OutputList Mixed = new();
    private static readonly FloatOutput Lead = Mixed.Float("lead", "The close three bars later.");
    private static readonly IntOutput Phase = Mixed.Int("phase", "position % 3 - 1; null on multiples of 5.");
    private static readonly BoolOutput Rises = Mixed.Bool("rises", "The close three bars later is higher; null on multiples of 7.");

    private static readonly OutputList FloatsOnly = new();
    private static readonly FloatOutput LeadOnly = FloatsOnly.Float("lead", "The close three bars later.");
    private static readonly FloatOutput Position = FloatsOnly.Float("position", "The row's position.");

    /// <summary>
    /// Holds each row until the bar three later is seen (the close of bar t is t, or -t on odd bars), then writes the
    /// mixed outputs or the two floats.
    /// </summary>
    private sealed class LeadKernel(OutputList outputs) : DeferredFeatureKernel(outputs)
    {
        private readonly bool _floatsOnly = ReferenceEquals(outputs, FloatsOnly);
        private readonly Queue<double> _closes = new();
        private long _emitted;

        protected override void Consume(in BarSpans bars)
        {
            for (var i = 0; i < bars.Length; i++)
            {
                _closes.Enqueue(bars.Close[i]);
                if (_closes.Count > Held) Release(bars.Close[i]);
            }
        }

        protected override void Finish()
        {
            while (_closes.Count > 0) Release(double.NaN);
        }

        private void Release(double lead)
        {
            var close = _closes.Dequeue();
            var t = _emitted++;
            var row = NextRow();
            if (_floatsOnly)
            {
                row.Set(LeadOnly, lead);
                row.Set(Position, t);
            }
            else
            {
                row.Set(Lead, lead);
                row.Set(Phase, t % 5 == 0 ? null : (int)(t % 3) - 1);
                row.Set(Rises, t % 7 == 0 || double.IsNaN(lead) ? null : lead > close);
            }
            Emit(row);
        }
    }

    private static double CloseOf(long t) => t % 2 == 0 ? t : -t;

    private static RecordBatch Bars(long from, int rows) =>
        BarSchema.Create([.. Enumerable.Range(0, rows).Select(i => from + i).Select(t => new Bar(t * 60_000_000L, 1, 1, 1, CloseOf(t), 1))]);

    [Fact]
    public void Held_rows_cross_batches_with_their_float_int_and_boolean_values_and_nulls()
    {
        using var kernel = new LeadKernel(Mixed);
        var seen = 0L;
        for (var b = 0; b < 3; b++)
        {
            using var input = Bars(b * (long)Rows, Rows);
            using var output = kernel.Process(input);
            output.Length.ShouldBe(b == 0 ? Rows - Held : Rows);
            seen = Check(output, seen, last: 3L * Rows);
        }
        using (var rest = kernel.Flush())
        {
            rest.ShouldNotBeNull();
            rest.Length.ShouldBe(Held);
            seen = Check(rest, seen, last: 3L * Rows);
        }
        seen.ShouldBe(3L * Rows);
    }

    // Checks every row against the definitions, reading before the batch is disposed; returns the next position.
    private static long Check(RecordBatch output, long first, long last)
    {
        var lead = (DoubleArray)output.Column("lead");
        var phase = (Int32Array)output.Column("phase");
        var rises = (BooleanArray)output.Column("rises");
        for (var r = 0; r < output.Length; r++)
        {
            var t = first + r;
            double? expectedLead = t + Held < last ? CloseOf(t + Held) : null;
            lead.GetValue(r).ShouldBe(expectedLead, $"lead at {t}");
            phase.GetValue(r).ShouldBe(t % 5 == 0 ? null : (int)(t % 3) - 1, $"phase at {t}");
            bool? expectedRise = t % 7 == 0 || expectedLead is null ? null : expectedLead > CloseOf(t);
            rises.GetValue(r).ShouldBe(expectedRise, $"rises at {t}");
        }
        lead.NullCount.ShouldBe(Enumerable.Range(0, output.Length).Count(r => first + r + Held >= last));
        phase.NullCount.ShouldBe(Enumerable.Range(0, output.Length).Count(r => (first + r) % 5 == 0));
        return first + output.Length;
    }

    [Fact]
    public void Disposed_deferred_output_buffers_carry_the_next_batches()
    {
        using var kernel = new LeadKernel(FloatsOnly);
        using var input = Bars(0, Rows);
        for (var warm = 0; warm < 3; warm++)
        {
            kernel.Process(input).Dispose();
        }

        var perBatch = Allocation.PerBatch(8, () => kernel.Process(input), (output, b) =>
        {
            output.Length.ShouldBe(Rows);
            var position = (DoubleArray)output.Column("position");
            position.GetValue(0).ShouldBe((double)((b + 3) * (long)Rows - Held));
            position.GetValue(Rows - 1).ShouldBe((double)((b + 4) * (long)Rows - Held - 1));
        });

        perBatch.ShouldBeLessThan(64 * 1024, $"{perBatch} B per batch of {Rows} rows: the two 512 KB columns were not reused");
    }

    [Fact]
    public void A_disposed_look_ahead_kernels_row_buffer_carries_the_next_series()
    {
        using var input = Bars(0, SeriesRows);
        for (var warm = 0; warm < 2; warm++)
        {
            using var kernel = new LeadKernel(FloatsOnly);
            kernel.Process(input).Dispose();
        }

        var perSeries = Allocation.PerBatch(8, () =>
        {
            using var kernel = new LeadKernel(FloatsOnly);
            return kernel.Process(input);
        }, (output, _) => ((DoubleArray)output.Column("position")).GetValue(SeriesRows - Held - 1).ShouldBe(SeriesRows - Held - 1));

        // A series' own kernel, output arrays and held rows are small; its 65k-row buffers (a 1 MB row buffer, two
        // 512 KB columns) come from the pool.
        perSeries.ShouldBeLessThan(64 * 1024, $"{perSeries} B per series of {SeriesRows} rows: the row buffer or the columns were not reused");
    }
}
