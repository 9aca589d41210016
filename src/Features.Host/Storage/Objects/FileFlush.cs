using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Features.Host.Storage.Objects;

/// <summary>
/// Makes several files' contents durable. On Linux the write-back of all of them is started first
/// (<c>sync_file_range</c>), so their blocks are allocated in one journal transaction and the first
/// <c>fdatasync</c> commits it for all; the others then find their data written and their metadata committed.
/// Elsewhere, or when the call is refused, one flush per file.
/// </summary>
internal static class FileFlush
{
    private const uint SyncFileRangeWrite = 2;
    private static bool _linuxCallsUnavailable = !OperatingSystem.IsLinux();

    [DllImport("libc", EntryPoint = "sync_file_range", SetLastError = true)]
    private static extern int SyncFileRange(SafeFileHandle fd, long offset, long count, uint flags);

    [DllImport("libc", EntryPoint = "fdatasync", SetLastError = true)]
    private static extern int FDataSync(SafeFileHandle fd);

    public static void ToDisk(IReadOnlyList<string> files)
    {
        if (files.Count == 0) return;
        var handles = new SafeFileHandle[files.Count];
        try
        {
            for (var i = 0; i < files.Count; i++) handles[i] = File.OpenHandle(files[i], FileMode.Open, FileAccess.ReadWrite);
            if (!_linuxCallsUnavailable) StartWriteBack(handles);
            foreach (var handle in handles) Flush(handle);
        }
        finally
        {
            foreach (var handle in handles) handle?.Dispose();
        }
    }

    private static void StartWriteBack(SafeFileHandle[] handles)
    {
        try
        {
            foreach (var handle in handles)
            {
                if (SyncFileRange(handle, 0, 0, SyncFileRangeWrite) != 0) return; // e.g. a file system without it: flushes alone
            }
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            _linuxCallsUnavailable = true;
        }
    }

    private static void Flush(SafeFileHandle handle)
    {
        if (!_linuxCallsUnavailable)
        {
            try
            {
                if (FDataSync(handle) == 0) return;
                throw new IOException($"fdatasync failed: errno {Marshal.GetLastPInvokeError()}");
            }
            catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
            {
                _linuxCallsUnavailable = true;
            }
        }
        RandomAccess.FlushToDisk(handle);
    }
}
