using System.Text.RegularExpressions;
using Features.Plugins.Tests.Reference;

namespace Features.Host.Tests.Api;

/// <summary>
/// Vertical slices stay apart: a slice (<c>Api/&lt;Area&gt;/&lt;Action&gt;/</c>) uses its own namespace and its area's shared
/// root (<c>Api/&lt;Area&gt;/*.cs</c>), never another slice nor another area; an area's root uses no slice and no other area.
/// What several areas share lives in named folders outside <c>Api/</c> (Validation/, Errors/, Security/, ...).
/// </summary>
public sealed partial class SliceIndependenceTests
{
    private static readonly string ApiRoot = Path.Combine(ReferenceData.RepoRoot, "src", "Features.Host", "Api");

    /// <summary>The slices and area roots a source file in <paramref name="area"/>/<paramref name="slice"/> names but may not use.</summary>
    public static IEnumerable<string> ForeignReferences(string source, string area, string? slice, IReadOnlyDictionary<string, string[]> slicesByArea)
    {
        foreach (Match m in ApiReference().Matches(source))
        {
            var (otherArea, next) = (m.Groups[1].Value, m.Groups[2].Success ? m.Groups[2].Value : null);
            if (!slicesByArea.TryGetValue(otherArea, out var otherSlices)) continue;
            var otherSlice = next is not null && otherSlices.Contains(next) ? next : null;
            if (otherArea != area || (otherSlice is not null && otherSlice != slice)) yield return m.Value;
        }
    }

    private static Dictionary<string, string[]> SlicesByArea() =>
        Directory.GetDirectories(ApiRoot).ToDictionary(a => Path.GetFileName(a), a => Directory.GetDirectories(a).Select(s => Path.GetFileName(s)).ToArray());

    [Fact]
    public void No_slice_or_area_references_another()
    {
        var slicesByArea = SlicesByArea();
        slicesByArea.ShouldContainKey("Plugins");
        slicesByArea["Features"].ShouldContain("Generate");
        var violations = new List<string>();
        foreach (var file in Directory.EnumerateFiles(ApiRoot, "*.cs", SearchOption.AllDirectories))
        {
            var parts = Path.GetRelativePath(ApiRoot, file).Split(Path.DirectorySeparatorChar);
            var (area, slice) = (parts[0], parts.Length > 2 ? parts[1] : null);
            violations.AddRange(ForeignReferences(File.ReadAllText(file), area, slice, slicesByArea).Select(r => $"{Path.GetRelativePath(ApiRoot, file)} uses {r}"));
        }
        violations.ShouldBeEmpty();
    }

    [Fact]
    public void The_scan_catches_a_slice_reaching_into_another_area_or_slice()
    {
        var slicesByArea = new Dictionary<string, string[]> { ["Features"] = ["Create", "Generate"], ["Plugins"] = ["Available"] };
        ForeignReferences("using Features.Host.Api.Features;", "Plugins", "Available", slicesByArea).ShouldBe(["Api.Features"]);
        ForeignReferences("var x = Api.Features.Create.Request.Empty;", "Features", "Generate", slicesByArea).ShouldBe(["Api.Features.Create"]);
        ForeignReferences("using Features.Host.Api.Features.Generate;", "Features", null, slicesByArea).ShouldBe(["Api.Features.Generate"]);
        ForeignReferences("using Features.Host.Api.Features; namespace Features.Host.Api.Features.Create;", "Features", "Create", slicesByArea).ShouldBeEmpty();
    }

    [GeneratedRegex(@"\bApi\.([A-Z]\w*)(?:\.([A-Z]\w*))?")]
    private static partial Regex ApiReference();
}
