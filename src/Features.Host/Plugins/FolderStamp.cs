using System.Collections.Immutable;

namespace Features.Host.Plugins;

/// <summary>
/// The stamp of every file in a plugin folder (relative path, <see cref="FileStamp"/>), taken without reading any
/// file, so the periodic rescan can tell a changed folder from an unchanged one for the price of a few stat calls.
/// </summary>
internal sealed class FolderStamp : IEquatable<FolderStamp>
{
    private FolderStamp(string folder, ImmutableArray<(string Path, FileStamp Stamp)> files, string? problem)
    {
        EntryPath = Path.Combine(folder, Path.GetFileName(folder) + ".dll");
        EntryName = Path.GetFileName(EntryPath);
        Files = files;
        Problem = problem;
    }

    /// <summary><c>&lt;Name&gt;/&lt;Name&gt;.dll</c>, the assembly whose SHA-256 is part of the plugin version.</summary>
    public string EntryPath { get; }
    private string EntryName { get; }
    private ImmutableArray<(string Path, FileStamp Stamp)> Files { get; }
    /// <summary>Why the folder could not be listed (permissions, a race with a delete); part of the stamp.</summary>
    private string? Problem { get; }

    /// <summary>The folder's stamp now, or null when the folder does not exist.</summary>
    public static FolderStamp? Take(string folder)
    {
        if (!Directory.Exists(folder)) return null;
        try
        {
            var files = ImmutableArray.CreateBuilder<(string, FileStamp)>();
            foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
            {
                if (FileStamp.Of(file) is { } stamp) files.Add((Path.GetRelativePath(folder, file), stamp));
            }
            files.Sort((a, b) => string.CompareOrdinal(a.Item1, b.Item1));
            return new FolderStamp(folder, files.ToImmutable(), null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Directory.Exists(folder) ? new FolderStamp(folder, [], e.Message) : null;
        }
    }

    /// <summary>True when the two differ in the entry assembly's stamp and nowhere else (a rebuild or a touch that may have left its bytes alone).</summary>
    public bool DiffersOnlyInEntry(FolderStamp other) =>
        Problem == other.Problem && Files.Length == other.Files.Length &&
        Files.Zip(other.Files).All(pair => pair.First.Path == pair.Second.Path && (pair.First.Stamp == pair.Second.Stamp || pair.First.Path == EntryName));

    public bool Equals(FolderStamp? other) =>
        other is not null && Problem == other.Problem && EntryPath == other.EntryPath && Files.SequenceEqual(other.Files);

    public override bool Equals(object? obj) => Equals(obj as FolderStamp);

    public override int GetHashCode() => HashCode.Combine(EntryPath, Files.Length, Problem);
}
