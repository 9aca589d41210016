using Features.PluginSdk;

namespace Features.Plugins.Tests.Testing;

/// <summary>The kit catches each broken rule with a message naming the plugin, the check and where it broke.</summary>
public sealed class PluginConformanceTests
{
    private static PluginConformance Kit(ProbeFault fault, ConformanceOptions? options = null) => new(new ProbePlugin(fault), options);

    [Fact]
    public void A_plugin_that_keeps_the_contract_passes_every_check()
    {
        Should.NotThrow(() => Kit(ProbeFault.None).All());
    }

    [Fact]
    public void Losing_state_between_batches_fails_the_batching_check_naming_column_row_and_batch_size()
    {
        var e = Should.Throw<ConformanceException>(() => Kit(ProbeFault.ForgetsStateBetweenBatches).OutputDoesNotDependOnBatching());
        e.PluginKey.ShouldBe("probe.sma");
        e.Message.ShouldContain("same output under any batching");
        e.Message.ShouldContain("column sma (batches of 1 vs one batch)");
        e.Message.ShouldContain("row 9: got null");
    }

    [Fact]
    public void Keeping_an_input_batch_instead_of_a_copy_fails_the_batching_check_because_the_kit_overwrites_it_as_the_host_does()
    {
        // One batch gives the right means: nothing is read after its call. Split, the kept batches have been refilled.
        var bars = SyntheticBars.RandomWalk(100);
        var copying = PluginRunner.Run(new ProbePlugin(), bars)["sma"];
        var keeping = PluginRunner.Run(new ProbePlugin(ProbeFault.KeepsItsInputBatch), bars)["sma"];
        keeping.Count.ShouldBe(copying.Count);
        for (var i = 0; i < copying.Count; i++)
        {
            // The same means, summed in another order.
            if (copying[i] is double mean) ((double)keeping[i]!).ShouldBe(mean, 1e-9);
            else keeping[i].ShouldBeNull();
        }
        var e = Should.Throw<ConformanceException>(() => Kit(ProbeFault.KeepsItsInputBatch).OutputDoesNotDependOnBatching());
        e.PluginKey.ShouldBe("probe.sma");
        e.Message.ShouldContain("same output under any batching");
        e.Message.ShouldContain("column sma (batches of 1 vs one batch)");
    }

    [Fact]
    public void Reading_a_later_bar_fails_the_truncation_check_at_the_cut()
    {
        var e = Should.Throw<ConformanceException>(() => Kit(ProbeFault.ReadsTheNextBar).TruncatingTheFutureChangesNoEarlierValue());
        e.Message.ShouldContain("truncating the future changes no earlier value");
        e.Message.ShouldContain("series cut after bar 74");
        e.Message.ShouldContain("row 74:");
    }

    [Fact]
    public void A_warm_up_shorter_than_the_lookback_fails_the_warm_up_check()
    {
        var e = Should.Throw<ConformanceException>(() => Kit(ProbeFault.DeclaresTooShortAWarmup).DeclaredWarmupSuffices());
        e.Message.ShouldContain("column sma: first value at row 9, after the 5 warm-up bars declared");
        e.Message.ShouldContain("from only the 5 declared warm-up bars");
    }

    [Fact]
    public void The_present_mode_still_requires_a_value_from_the_warm_up_alone()
    {
        Should.NotThrow(() => Kit(ProbeFault.None, new ConformanceOptions { Warmup = WarmupValues.Present }).DeclaredWarmupSuffices());
        Should.Throw<ConformanceException>(() => Kit(ProbeFault.DeclaresTooShortAWarmup, new ConformanceOptions { Warmup = WarmupValues.Present }).DeclaredWarmupSuffices())
            .Message.ShouldContain("null from only the 5 declared warm-up bars");
    }

    [Fact]
    public void Infinity_on_all_zero_bars_fails_the_edge_input_check_naming_input_and_row()
    {
        var e = Should.Throw<ConformanceException>(() => Kit(ProbeFault.DividesByZero).EdgeInputsRunCleanly());
        e.Message.ShouldContain("column sma on all-zero bars");
        e.Message.ShouldContain("591 values are NaN or infinite, e.g. row 9 = Infinity");
    }

    [Fact]
    public void An_incomplete_descriptor_is_reported_item_by_item()
    {
        var e = Should.Throw<ConformanceException>(() => Kit(ProbeFault.IncompleteDescriptor).DescriptorIsComplete());
        e.Message.ShouldContain("key 'probe.SMA' is not <pack>.<name>");
        e.Message.ShouldContain("version '1.0' is not a semantic version");
        e.Message.ShouldContain("no description");
        e.Message.ShouldContain("no warm-up rule");
        e.Message.ShouldContain("parameter period has no maximum");
        e.Message.ShouldContain("column name 'Sma' is not snake_case");
        e.Message.ShouldContain("column Sma has no description");
    }

    [Fact]
    public void All_reports_every_failing_check_at_once()
    {
        var e = Should.Throw<ConformanceException>(() => Kit(ProbeFault.ReadsTheNextBar).All());
        e.Message.ShouldContain("3 of 5 checks failed");
        e.Message.ShouldContain("same output under any batching");
        e.Message.ShouldContain("truncating the future changes no earlier value");
        e.Message.ShouldContain("declared warm-up suffices"); // the last bar of a short run has no next bar to read
        e.Message.ShouldNotContain("descriptor complete");
    }

    [Fact]
    public void Required_parameters_missing_from_the_options_are_a_descriptor_failure_not_a_crash()
    {
        var plugin = new ProbePlugin();
        var e = Should.Throw<ConformanceException>(() => new PluginConformance(plugin, new ConformanceOptions
        {
            Parameters = new Dictionary<string, object?> { ["period"] = 0L },
        }).DescriptorIsComplete());
        e.Message.ShouldContain("the parameters given (defaults for the rest) are refused");
    }
}
