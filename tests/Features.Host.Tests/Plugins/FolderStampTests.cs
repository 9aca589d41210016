using Features.Host.Plugins;

namespace Features.Host.Tests.Plugins;

/// <summary>The stamps the periodic rescan compares instead of reading every plugin assembly each second.</summary>
public sealed class FolderStampTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "features-stamp-" + Guid.NewGuid().ToString("N")[..8], "Probe");

    public FolderStampTests()
    {
        Directory.CreateDirectory(_folder);
        File.WriteAllText(Entry, "version one");
        File.WriteAllText(Path.Combine(_folder, "Probe.deps.json"), "{}");
    }

    private string Entry => Path.Combine(_folder, "Probe.dll");

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_folder)!, recursive: true);

    [Fact]
    public void An_untouched_folder_stamps_the_same_twice_and_a_missing_one_stamps_null()
    {
        FolderStamp.Take(_folder).ShouldBe(FolderStamp.Take(_folder));
        FolderStamp.Take(_folder)!.EntryPath.ShouldBe(Entry);
        FolderStamp.Take(_folder + "-missing").ShouldBeNull();
        FileStamp.Of(Entry + ".missing").ShouldBeNull();
    }

    [Fact]
    public void A_same_size_file_renamed_over_the_entry_with_its_modification_time_preserved_is_a_change()
    {
        var before = FolderStamp.Take(_folder)!;
        var mtime = File.GetLastWriteTimeUtc(Entry);
        var replacement = Path.Combine(_folder, ".Probe.dll.tmp");
        File.WriteAllText(replacement, "version two"); // same length
        File.SetLastWriteTimeUtc(replacement, mtime);  // as rsync -a or cp -p keep it
        File.Move(replacement, Entry, overwrite: true);

        FileStamp.Of(Entry)!.Value.Length.ShouldBe(11);
        FolderStamp.Take(_folder).ShouldNotBe(before);
    }

    [Fact]
    public void An_entry_rewritten_in_place_with_the_same_size_and_modification_time_is_a_change_on_linux()
    {
        if (!OperatingSystem.IsLinux()) return; // the change time (ctime) comes from statx
        var mtime = new DateTime(2020, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(Entry, mtime);
        var before = FileStamp.Of(Entry)!.Value;
        Thread.Sleep(20); // past the kernel's timestamp granularity, so the rewrite's ctime differs
        File.WriteAllText(Entry, "version two");
        File.SetLastWriteTimeUtc(Entry, mtime);

        var after = FileStamp.Of(Entry)!.Value;
        after.Inode.ShouldBe(before.Inode);
        after.Inode.ShouldNotBe(0UL);
        (after.Length, after.ModifiedNs).ShouldBe((before.Length, before.ModifiedNs));
        after.ShouldNotBe(before);
    }

    [Fact]
    public void A_touched_entry_differs_only_in_the_entry_and_a_changed_dependency_does_not()
    {
        var before = FolderStamp.Take(_folder)!;
        File.SetLastWriteTimeUtc(Entry, DateTime.UtcNow.AddMinutes(1));
        var touched = FolderStamp.Take(_folder)!;
        touched.ShouldNotBe(before);
        touched.DiffersOnlyInEntry(before).ShouldBeTrue();

        File.WriteAllText(Path.Combine(_folder, "Probe.deps.json"), "{\"changed\":1}");
        FolderStamp.Take(_folder)!.DiffersOnlyInEntry(before).ShouldBeFalse();

        File.WriteAllText(Path.Combine(_folder, "Probe.deps.json"), "{}");
        File.WriteAllText(Path.Combine(_folder, "Extra.dll"), "new file");
        FolderStamp.Take(_folder)!.DiffersOnlyInEntry(before).ShouldBeFalse();
    }
}
