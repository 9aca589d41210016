using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Features.Host.Tests.Infrastructure;
using Features.Host.Tests.Jobs;
using Features.Plugins.Tests.Reference;
using Microsoft.Playwright;

namespace Features.Host.Tests.Ui;

/// <summary>The web UI at / in a real Chromium, against a real host: what a researcher does, read back from the page.</summary>
[Collection(BrowserCollection.Name)]
public sealed class WebUiTests(BrowserHosts browser)
{
    private static readonly PageWaitForFunctionOptions Patiently = new() { Timeout = 120_000, PollingInterval = 100 };

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task An_rsi_created_through_the_form_and_generated_for_DEMO_charts_one_point_per_bar_and_previews_what_the_API_returns(string backend)
    {
        var host = await browser.HostAsync(backend);
        var page = await browser.PageAsync(host, host.WriterKey, "#/definitions?new");
        var name = "ui rsi " + Guid.NewGuid().ToString("N")[..8];

        await page.GetByLabel("Name").FillAsync(name);
        await page.GetByLabel("Plugin").SelectOptionAsync("technical.rsi");
        await page.Locator("#param-period").FillAsync("14");
        await BrowserHosts.ScreenshotAsync(page, "definition-form");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        await page.Locator("#definitions").GetByRole(AriaRole.Cell, new() { Name = name, Exact = true }).WaitForAsync();
        await BrowserHosts.ScreenshotAsync(page, "definitions");

        using var api = host.Client(host.WriterKey);
        var feature = (await api.GetJsonAsync("/api/v1/features?limit=1000")).Body!.AsArray().Single(f => f!["name"]!.GetValue<string>() == name)!;
        feature["plugin_key"]!.GetValue<string>().ShouldBe("technical.rsi");
        feature["parameters"]!["period"]!.GetValue<int>().ShouldBe(14);
        var id = feature["id"]!.GetValue<string>();

        // From the first bars of DEMO, so the warm-up has no history to fill and the first 14 values are gaps.
        var chart = await GenerateOnThePageAsync(page, id);
        await BrowserHosts.ScreenshotAsync(page, "generate");

        var bars = (await api.GetJsonAsync("/api/v1/market-data/DEMO/1d/bars?start_date=2019-01-01&end_date=2019-07-01")).Body!.AsArray();
        var (status, generated) = await api.PostJsonAsync($"/api/v1/features/{id}/generate", new { symbol = "DEMO", timeframe = "1d", start_date = "2019-01-01", end_date = "2019-07-01" });
        status.ShouldBe(HttpStatusCode.OK, generated?.ToJsonString());
        generated!["cached"]!.GetValue<bool>().ShouldBeTrue("the page generated it already");
        (await page.Locator("#version-hash").TextContentAsync()).ShouldBe(generated["version_hash"]!.GetValue<string>());

        bars.Count.ShouldBeGreaterThan(100);
        chart["panes"]!.GetValue<int>().ShouldBe(2, "price + volume, then one pane for rsi");
        chart["pane"]!["rsi"]!.GetValue<int>().ShouldBe(1, "rsi declares no unit: its own pane, not over the candles");
        (await page.Locator("[data-overlay='rsi']").IsCheckedAsync()).ShouldBeFalse();
        var candles = chart["candles"]!.AsArray();
        var rsi = chart["outputs"]!["rsi"]!.AsArray();
        candles.Count.ShouldBe(bars.Count, "one candle per bar in range");
        rsi.Count.ShouldBe(bars.Count, "one rsi point per bar in range");
        generated["row_count"]!.GetValue<long>().ShouldBe(bars.Count);
        for (var i = 0; i < bars.Count; i++)
        {
            candles[i]!["time"]!.GetValue<long>().ShouldBe(UnixSeconds(bars[i]!["timestamp"]!), $"bar {i}");
            candles[i]!["close"]!.GetValue<double>().ShouldBe(bars[i]!["close"]!.GetValue<double>());
            rsi[i]!["time"]!.GetValue<long>().ShouldBe(candles[i]!["time"]!.GetValue<long>());
        }
        rsi.Take(14).ShouldAllBe(p => p!["value"] == null, "warm-up bars are gaps, not zeros");
        rsi.Skip(14).ShouldAllBe(p => p!["value"] != null);
        var drawn = chart["drawn"]!["rsi"]!.AsArray();
        drawn.Select(p => p!["time"]!.GetValue<long>()).ShouldBe(rsi.Skip(14).Select(p => p!["time"]!.GetValue<long>()), "the series draws every valued bar and nothing in the gaps");
        var values = (await api.GetJsonAsync($"/api/v1/features/{id}/datasets/{generated["version_hash"]}/data?format=json")).Body!.AsArray();
        for (var i = 0; i < drawn.Count; i++) drawn[i]!["value"]!.GetValue<double>().ShouldBe(values[i + 14]!["rsi"]!.GetValue<double>());

        var preview = generated["preview"]!.AsArray();
        var shown = await page.EvaluateAsync<string[][]>("() => [...document.querySelectorAll('#preview tbody tr')].map(r => [...r.cells].map(c => c.textContent))");
        shown.Length.ShouldBe(preview.Count);
        for (var i = 0; i < preview.Count; i++)
        {
            shown[i][0].ShouldBe(preview[i]!["timestamp"]!.GetValue<string>().Replace("T", " ").Replace("Z", " UTC"));
            var expected = preview[i]!["rsi"];
            if (expected is null) shown[i][1].ShouldBe("—");
            else double.Parse(shown[i][1].Replace(",", ""), CultureInfo.InvariantCulture).ShouldBe(expected.GetValue<double>(), 1e-6);
        }
        (await page.Locator("#versions tbody tr").CountAsync()).ShouldBe(1);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_parameter_out_of_range_shows_the_APIs_message_beside_that_field()
    {
        var host = await browser.HostAsync(Backends.Embedded);
        var page = await browser.PageAsync(host, host.WriterKey, "#/definitions?new");
        await page.GetByLabel("Name").FillAsync("ui out of range");
        await page.GetByLabel("Plugin").SelectOptionAsync("technical.rsi");
        await page.Locator("#param-period").FillAsync("0");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        var beside = page.Locator("#error-parameters-period");
        await beside.Locator("text=/./").WaitForAsync();

        using var api = host.Client(host.WriterKey);
        var (status, problem) = await api.PostJsonAsync("/api/v1/features", new { name = "ui out of range", plugin_key = "technical.rsi", parameters = new { period = 0 } });
        status.ShouldBe((HttpStatusCode)422);
        (await beside.TextContentAsync()).ShouldBe(problem!["errors"]!["parameters.period"]![0]!.GetValue<string>());
        (await page.Locator("#param-period").GetAttributeAsync("aria-invalid")).ShouldBe("true");
        (await page.Locator("#error-name").TextContentAsync()).ShouldBeNullOrEmpty("only the field at fault is marked");
        await BrowserHosts.ScreenshotAsync(page, "definition-422");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Saving_a_stale_edit_says_someone_else_changed_it_and_reloads_the_current_version()
    {
        var host = await browser.HostAsync(Backends.Embedded);
        using var api = host.Client(host.WriterKey);
        var id = (await api.CreateFeatureAsync("technical.rsi", new { period = 14 }, "ui stale " + Guid.NewGuid().ToString("N")[..6]))["id"]!.GetValue<string>();
        var page = await browser.PageAsync(host, host.WriterKey, $"#/definitions?edit={id}");
        await page.Locator("#version-note").GetByText("version 1").WaitForAsync();

        var (changed, _) = await api.SendJsonAsync(HttpMethod.Patch, $"/api/v1/features/{id}", new { name = "changed elsewhere", version = 1 });
        changed.ShouldBe(HttpStatusCode.OK);
        await page.GetByLabel("Name").FillAsync("my edit");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();
        await page.Locator("#stale-version").WaitForAsync();
        (await page.Locator("#stale-version").TextContentAsync())!.ShouldContain("Someone else changed this definition");
        await BrowserHosts.ScreenshotAsync(page, "definition-409");

        await page.Locator("#reload-definition").ClickAsync();
        await page.Locator("#version-note").GetByText("version 2").WaitForAsync();
        (await page.GetByLabel("Name").InputValueAsync()).ShouldBe("changed elsewhere");
        (await api.GetJsonAsync($"/api/v1/features/{id}")).Body!["name"]!.GetValue<string>().ShouldBe("changed elsewhere", "the stale edit was not saved");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_plugin_dropped_in_while_the_page_is_open_appears_after_a_reload()
    {
        var host = await browser.HostAsync(Backends.Embedded);
        var page = await browser.PageAsync(host, host.ReaderKey, "#/plugins");
        await page.Locator("[data-plugin-key='technical.rsi']").WaitForAsync();
        (await page.Locator("[data-plugin-key='test.json_new']").CountAsync()).ShouldBe(0);

        await host.DropPluginAsync(TestPlugins.JsonNew, "test.json_new"); // not the probe: the job tests drop that one

        await page.ReloadAsync();
        await page.Locator("[data-plugin-key='test.json_new']").WaitForAsync();
        await page.Locator("#plugin-search").FillAsync("json_new");
        (await page.Locator("#plugin-list [data-plugin-key]").CountAsync()).ShouldBe(1, "the search narrows the catalog to the new plugin");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_reader_key_sees_no_write_buttons_on_any_screen()
    {
        var host = await browser.HostAsync(Backends.Embedded);
        using (var writer = host.Client(host.WriterKey)) await writer.CreateFeatureAsync("technical.sma", new { period = 5 }, "ui seen by a reader");
        var page = await browser.PageAsync(host, host.ReaderKey, "#/definitions");
        (await page.Locator("#who [data-role]").TextContentAsync()).ShouldBe("reader");
        await page.Locator("#definitions").WaitForAsync();
        (await page.Locator("#new-definition").CountAsync()).ShouldBe(0);
        (await page.Locator("[data-action='edit'], [data-action='delete']").CountAsync()).ShouldBe(0);

        await page.GotoAsync("/#/generate");
        await page.Locator("#generate-form").WaitForAsync();
        (await page.Locator("#generate, #regenerate").CountAsync()).ShouldBe(0);

        await page.GotoAsync("/#/market-data");
        await page.Locator("#series").WaitForAsync();
        (await page.Locator("#upload-form").CountAsync()).ShouldBe(0);
        (await page.GetByRole(AriaRole.Button).CountAsync()).ShouldBe(1, "only 'Sign out'");

        // The same screens for a writer do show them: the test would catch a page that never shows any.
        var writerPage = await browser.PageAsync(host, host.WriterKey, "#/market-data");
        await writerPage.Locator("#upload-form").WaitForAsync();
        await page.Context.CloseAsync();
        await writerPage.Context.CloseAsync();
    }

    [Fact]
    public async Task An_upload_with_a_bad_line_shows_the_line_numbered_error_and_a_good_one_updates_the_coverage()
    {
        var host = await browser.HostAsync(Backends.Embedded);
        var page = await browser.PageAsync(host, host.WriterKey, "#/market-data");
        var symbol = ApiClient.NewSymbol();
        await page.GetByLabel("Symbol").FillAsync(symbol);
        await page.GetByLabel("File (CSV or Parquet)").SetInputFilesAsync(new FilePayload
        {
            Name = "bad.csv",
            MimeType = "text/csv",
            Buffer = "date,open,high,low,close,volume\n2024-01-02,1,2,0.5,1.5,10\n2024-01-03,1,0.4,0.5,1,10\n"u8.ToArray(),
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload" }).ClickAsync();
        await page.Locator("#upload-error").WaitForAsync();
        (await page.Locator("#upload-error").TextContentAsync())!.ShouldContain("line 3");
        await BrowserHosts.ScreenshotAsync(page, "market-data-upload-error");

        await page.GetByLabel("File (CSV or Parquet)").SetInputFilesAsync(new FilePayload
        {
            Name = "good.csv",
            MimeType = "text/csv",
            Buffer = "date,open,high,low,close,volume\n2024-01-02,1,2,0.5,1.5,10\n2024-01-03,1,2,0.5,1,10\n"u8.ToArray(),
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload" }).ClickAsync();
        await page.Locator("#series").GetByText(symbol).WaitForAsync();
        (await page.Locator("#upload-outcome").TextContentAsync())!.ShouldContain("2 bars received, 2 inserted");
        await BrowserHosts.ScreenshotAsync(page, "market-data");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_plugins_screen_is_usable_on_a_narrow_window_and_by_keyboard()
    {
        var host = await browser.HostAsync(Backends.Embedded);
        var page = await browser.PageAsync(host, host.ReaderKey, "#/plugins", width: 390, height: 844);
        await page.Locator("[data-plugin-key='technical.rsi']").WaitForAsync();
        (await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth")).ShouldBeTrue("no horizontal scrolling");
        await page.ReloadAsync(); // the key stays in the tab's session storage: no sign-in form this time
        await page.Locator("[data-plugin-key='technical.rsi']").WaitForAsync();
        await page.Keyboard.PressAsync("Tab");
        (await page.EvaluateAsync<string>("() => document.activeElement.textContent")).ShouldBe("Skip to content");
        await page.Locator("#plugin-type").SelectOptionAsync("technical");
        (await page.Locator("#plugin-list .tag:not(.warn)").AllTextContentsAsync()).ShouldAllBe(t => t == "technical");
        await BrowserHosts.ScreenshotAsync(page, "plugins-narrow");

        var wide = await browser.PageAsync(host, host.ReaderKey, "#/plugins");
        await wide.Locator("[data-plugin-key='technical.rsi']").WaitForAsync();
        await wide.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserHosts.ScreenshotFolder, "plugins.png") });
        await page.Context.CloseAsync();
        await wide.Context.CloseAsync();
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task A_job_submitted_from_the_jobs_screen_fills_its_progress_bar_to_100_percent_from_the_event_stream(string backend)
    {
        var host = await browser.HostAsync(backend);
        using var api = host.Client(host.WriterKey);
        var rsi = (await api.CreateFeatureAsync("technical.rsi", new { period = 14 }, "ui job rsi"))["id"]!.GetValue<string>();
        var sma = (await api.CreateFeatureAsync("technical.sma", new { period = 20 }, "ui job sma"))["id"]!.GetValue<string>();
        var setName = "ui set " + Guid.NewGuid().ToString("N")[..6];
        var (created, set) = await api.PostJsonAsync("/api/v1/feature-sets", new { name = setName, feature_ids = new[] { rsi, sma } });
        created.ShouldBe(HttpStatusCode.Created, set?.ToJsonString());

        var page = await browser.PageAsync(host, host.WriterKey, "#/jobs");
        await page.GetByLabel("Feature set").SelectOptionAsync(new SelectOptionValue { Label = $"{setName} (2 features)" });
        await page.GetByLabel("Universe").SelectOptionAsync("list");
        await page.GetByLabel("Symbols or prefix").FillAsync("DEMO, MKT");
        await page.Locator("#job-start").FillAsync("2024-01-01");
        await page.Locator("#job-end").FillAsync("2025-01-01");
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit" }).ClickAsync();

        var bar = page.Locator("#job-progress");
        await JobStatusAsync(page, "succeeded");
        (await bar.GetAttributeAsync("data-percent")).ShouldBe("100");
        (await bar.EvaluateAsync<double>("p => p.value / p.max")).ShouldBe(1.0);
        var jobId = page.Url.Split("id=")[1];
        var job = (await api.GetJsonAsync($"/api/v1/jobs/{jobId}")).Body!;
        job["status"]!.GetValue<string>().ShouldBe("succeeded");
        (await page.Locator("#job-summary").TextContentAsync())!.ShouldContain($"{job["done"]} / {job["total_items"]} (100%)");
        (await page.Locator("#cancel-job").CountAsync()).ShouldBe(0, "a finished job offers no cancel");
        await BrowserHosts.ScreenshotAsync(page, "jobs");
        await page.Context.CloseAsync();
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task Bollinger_bands_are_drawn_over_the_candles_because_the_descriptor_says_price_and_the_other_columns_get_panes(string backend)
    {
        var host = await browser.HostAsync(backend);
        using var api = host.Client(host.WriterKey);
        var outputs = (await api.GetJsonAsync("/api/v1/features/plugins/available")).Body!.AsArray()
            .Single(p => p!["key"]!.GetValue<string>() == "technical.bb")!["outputs"]!.AsArray()
            .ToDictionary(o => o!["name"]!.GetValue<string>(), o => o!["unit"]?.GetValue<string>());
        string[] overPrice = ["sma", "upper_band", "lower_band"], ownPane = ["percent_b", "z_score", "width"];
        outputs.ShouldBe(new Dictionary<string, string?>
        {
            ["sma"] = "price", ["upper_band"] = "price", ["lower_band"] = "price", ["percent_b"] = null, ["z_score"] = null, ["width"] = null,
        }, ignoreOrder: true);
        var id = (await api.CreateFeatureAsync("technical.bb", new { period = 20, std_dev = 2 }, "ui bollinger " + Guid.NewGuid().ToString("N")[..6]))["id"]!.GetValue<string>();
        var page = await browser.PageAsync(host, host.WriterKey, "#/plugins");

        var chart = await GenerateOnThePageAsync(page, id);
        await BrowserHosts.ScreenshotAsync(page, "generate-bollinger");

        chart["panes"]!.GetValue<int>().ShouldBe(1 + ownPane.Length, "the price pane, then one per column not in price units");
        foreach (var name in overPrice)
        {
            chart["pane"]![name]!.GetValue<int>().ShouldBe(0, $"{name} is in price units");
            (await page.Locator($"[data-overlay='{name}']").IsCheckedAsync()).ShouldBeTrue($"{name}'s box starts ticked");
        }
        ownPane.Select(name => chart["pane"]![name]!.GetValue<int>()).Order().ToArray().ShouldBe(new[] { 1, 2, 3 }); // each in a pane of its own
        foreach (var name in ownPane) (await page.Locator($"[data-overlay='{name}']").IsCheckedAsync()).ShouldBeFalse();

        // Over the candles the bands are still the dataset's values: upper above lower wherever both are drawn.
        var hash = (await page.Locator("#version-hash").TextContentAsync())!;
        var values = (await api.GetJsonAsync($"/api/v1/features/{id}/datasets/{hash}/data?format=json")).Body!.AsArray();
        var upper = chart["drawn"]!["upper_band"]!.AsArray();
        upper.Select(p => p!["value"]!.GetValue<double>()).ShouldBe(values.Where(r => r!["upper_band"] != null).Select(r => r!["upper_band"]!.GetValue<double>()));
        upper.Count.ShouldBe(values.Count - 19, "a 20-bar window from the first bar of DEMO: 19 warm-up gaps");

        // The boxes still move a column: unticked, the upper band gets a pane of its own.
        await page.Locator("[data-overlay='upper_band']").UncheckAsync();
        chart = await ChartAsync(page);
        chart["pane"]!["upper_band"]!.GetValue<int>().ShouldBeGreaterThan(0);
        chart["panes"]!.GetValue<int>().ShouldBe(2 + ownPane.Length);
        await page.Context.CloseAsync();
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task A_job_with_failed_items_lists_them_with_the_APIs_errors_and_retry_runs_them_again_to_100_percent(string backend)
    {
        var host = await browser.HostAsync(backend);
        using var api = host.Client(host.WriterKey);
        var bars = ReferenceData.Quotes("default.csv");
        var (full, early) = (ApiClient.NewSymbol(), ApiClient.NewSymbol());
        await api.IngestAsync(full, "1d", Csv.From(bars));
        // No bars in the job's range: the item fails as a single generate would (422), until the bars arrive.
        await api.IngestAsync(early, "1d", Csv.From(bars.Where(b => b.Timestamp < Csv.Micros("2017-06-01"))));
        var name = "ui failing sma " + Guid.NewGuid().ToString("N")[..6];
        await api.CreateFeatureAsync("technical.sma", new { period = 10 }, name);

        var page = await SubmitJobOnThePageAsync(host, name, $"{full}, {early}", "2018-01-01", "2019-01-01");
        await JobStatusAsync(page, "completed_with_errors");
        var jobId = page.Url.Split("id=")[1];
        var failed = await api.ItemsAsync(jobId, "failed");
        failed.Count.ShouldBe(1);
        await page.Locator("#failed-items tbody tr").First.WaitForAsync();
        var shown = await page.EvaluateAsync<string[][]>("() => [...document.querySelectorAll('#failed-items tbody tr')].map(r => [...r.cells].map(c => c.textContent))");
        shown.Length.ShouldBe(1);
        shown[0][0].ShouldBe(early);
        shown[0][1].ShouldBe(failed[0]!["feature_id"]!.GetValue<string>());
        shown[0][2].ShouldBe(failed[0]!["error"]!["detail"]!.GetValue<string>());
        (await page.Locator("#job-summary").TextContentAsync())!.ShouldContain("1 computed, 0 cached, 1 failed");
        await BrowserHosts.ScreenshotAsync(page, "jobs-failed");

        await api.IngestAsync(early, "1d", Csv.From(bars));
        await page.Locator("#retry-job").ClickAsync();
        await JobStatusAsync(page, "succeeded");
        (await page.Locator("#job-progress").GetAttributeAsync("data-percent")).ShouldBe("100");
        (await page.Locator("#failed-items").CountAsync()).ShouldBe(0, "nothing failed any more");
        (await page.Locator("#retry-job").CountAsync()).ShouldBe(0);
        var job = (await api.GetJsonAsync($"/api/v1/jobs/{jobId}")).Body!;
        (job["status"]!.GetValue<string>(), job["computed"]!.GetValue<int>(), job["failed"]!.GetValue<int>()).ShouldBe(("succeeded", 2, 0));
        (await api.ItemsAsync(jobId, "succeeded")).Select(i => i!["symbol"]!.GetValue<string>()).Order().ShouldBe(new[] { full, early }.Order());
        await page.Context.CloseAsync();
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task Cancelling_a_running_job_from_its_page_stops_it_and_leaves_no_cancel_button(string backend)
    {
        var host = await browser.HostAsync(backend);
        // The probe's hang mode sleeps in the kernel, so the job is still running when the button is pressed.
        await host.DropPluginAsync(TestPlugins.ProbeV1, "test.probe");
        using var api = host.Client(host.WriterKey);
        var name = "ui hanging probe " + Guid.NewGuid().ToString("N")[..6];
        await api.CreateFeatureAsync("test.probe", new { mode = "hang", hang_ms = 4000 }, name);

        var page = await SubmitJobOnThePageAsync(host, name, "DEMO, MKT", "2024-01-01", "2025-01-01");
        await JobStatusAsync(page, "running");
        await page.Locator("#cancel-job").ClickAsync();
        await JobStatusAsync(page, "cancelled");
        var jobId = page.Url.Split("id=")[1];
        var job = (await api.GetJsonAsync($"/api/v1/jobs/{jobId}")).Body!;
        job["status"]!.GetValue<string>().ShouldBe("cancelled");
        (await page.Locator("#job-summary").TextContentAsync())!.ShouldStartWith("cancelled:");
        (await page.Locator("#cancel-job").CountAsync()).ShouldBe(0, "a cancelled job offers no cancel");
        (await page.Locator("#retry-job").CountAsync()).ShouldBe(0, "nothing failed");
        (await api.PostJsonAsync($"/api/v1/jobs/{jobId}/cancel", null)).Status.ShouldBe(HttpStatusCode.Conflict, "the API agrees it is over");
        await BrowserHosts.ScreenshotAsync(page, "jobs-cancelled");
        await page.Context.CloseAsync();
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task A_version_downloaded_from_the_versions_list_is_the_stored_dataset_as_Parquet_and_as_CSV(string backend)
    {
        var host = await browser.HostAsync(backend);
        using var api = host.Client(host.WriterKey);
        var id = (await api.CreateFeatureAsync("technical.sma", new { period = 5 }, "ui download " + Guid.NewGuid().ToString("N")[..6]))["id"]!.GetValue<string>();
        var generated = await api.GenerateAsync(id, "DEMO", "2019-01-01", "2019-07-01");
        var hash = generated["version_hash"]!.GetValue<string>();
        var rows = generated["row_count"]!.GetValue<long>();
        rows.ShouldBeGreaterThan(100);

        // A reader: downloads need no write role.
        var page = await browser.PageAsync(host, host.ReaderKey, $"#/generate?feature={id}&symbol=DEMO");
        var version = page.Locator("#versions tbody tr");
        await version.First.WaitForAsync();
        (await version.CountAsync()).ShouldBe(1);

        var parquet = await page.RunAndWaitForDownloadAsync(() => version.GetByRole(AriaRole.Button, new() { Name = "Parquet" }).ClickAsync());
        var parquetBytes = await File.ReadAllBytesAsync((await parquet.PathAsync())!);
        parquet.SuggestedFilename.ShouldEndWith(".parquet");
        var columns = ParquetFiles.Read(parquetBytes);
        columns["timestamp"].Count.ShouldBe((int)rows);
        columns["sma"].Count.ShouldBe((int)rows);
        parquetBytes.ShouldBe(await api.DownloadAsync(id, hash, "parquet"), "the stored object, byte for byte");

        var csv = await page.RunAndWaitForDownloadAsync(() => version.GetByRole(AriaRole.Button, new() { Name = "CSV" }).ClickAsync());
        var lines = (await File.ReadAllLinesAsync((await csv.PathAsync())!)).Where(l => l.Length > 0).ToArray();
        csv.SuggestedFilename.ShouldEndWith(".csv");
        lines[0].Split(',').ShouldContain("sma");
        lines.Length.ShouldBe((int)rows + 1, "a header and one line per row");
        string.Join('\n', lines).ShouldBe(string.Join('\n', Encoding.UTF8.GetString(await api.DownloadAsync(id, hash, "csv")).Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0)));
        await page.Context.CloseAsync();
    }

    /// <summary>Generates <paramref name="featureId"/> for DEMO 1d through the Generate screen and reads the chart back.</summary>
    private static async Task<JsonNode> GenerateOnThePageAsync(IPage page, string featureId, string start = "2019-01-01", string end = "2019-07-01")
    {
        await page.GotoAsync($"/#/generate?feature={featureId}");
        await page.Locator("#symbol").SelectOptionAsync("DEMO");
        await page.Locator("#timeframe").SelectOptionAsync("1d");
        await page.Locator("#start_date").FillAsync(start);
        await page.Locator("#end_date").FillAsync(end);
        await page.Locator("#generate").ClickAsync();
        await page.WaitForFunctionAsync("() => window.featuresUi.chart?.versionHash", null, Patiently);
        return await ChartAsync(page);
    }

    /// <summary>Every series of the chart on the page, as the chart holds it.</summary>
    private static async Task<JsonNode> ChartAsync(IPage page) =>
        JsonNode.Parse((await page.EvaluateAsync<JsonElement>("() => window.featuresUi.chart.data()")).GetRawText())!;

    /// <summary>The Jobs screen of a writer, a job of the definition named <paramref name="definition"/> submitted over <paramref name="symbols"/>.</summary>
    private async Task<IPage> SubmitJobOnThePageAsync(BrowserHost host, string definition, string symbols, string start, string end)
    {
        var page = await browser.PageAsync(host, host.WriterKey, "#/jobs");
        await page.Locator($"#job-features input[data-feature='{definition}']").CheckAsync();
        await page.GetByLabel("Universe").SelectOptionAsync("list");
        await page.GetByLabel("Symbols or prefix").FillAsync(symbols);
        await page.Locator("#job-start").FillAsync(start);
        await page.Locator("#job-end").FillAsync(end);
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit" }).ClickAsync();
        return page;
    }

    /// <summary>Waits until the progress bar of the job on the page reports <paramref name="status"/>.</summary>
    private static Task JobStatusAsync(IPage page, string status) =>
        page.WaitForFunctionAsync($"() => document.querySelector('#job-progress')?.dataset.status === '{status}'", null, Patiently);

    private static long UnixSeconds(JsonNode iso) => DateTimeOffset.Parse(iso.GetValue<string>(), CultureInfo.InvariantCulture).ToUnixTimeSeconds();
}
