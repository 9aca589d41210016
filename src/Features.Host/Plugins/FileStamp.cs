using System.Runtime.InteropServices;

namespace Features.Host.Plugins;

/// <summary>
/// What a file looks like without reading it: size, modification time and, on Linux, inode and change time
/// (ctime: set by the kernel on every write or rename and not settable by tools, so <c>cp -p</c> or
/// <c>rsync -a</c> preserving the modification time of a same-size DLL still shows as a change).
/// Elsewhere the creation time stands in for the inode.
/// </summary>
internal readonly record struct FileStamp(long Length, long ModifiedNs, long ChangedNs, ulong Inode)
{
    /// <summary>The file's stamp, or null when it does not exist (any more).</summary>
    public static FileStamp? Of(string path)
    {
        if (OperatingSystem.IsLinux() && LinuxStat.TryStat(path, out var stamp)) return stamp;
        var info = new FileInfo(path);
        if (!info.Exists) return null;
        try
        {
            return new FileStamp(info.Length, info.LastWriteTimeUtc.Ticks * 100, info.CreationTimeUtc.Ticks * 100, 0);
        }
        catch (IOException)
        {
            return null; // deleted between the check and the read
        }
    }

    /// <summary>statx(2): its buffer has the same layout on every Linux architecture (fields in native byte order).</summary>
    private static class LinuxStat
    {
        private const int AtFdCwd = -100;
        private const uint Mask = 0x1 | 0x200 | 0x100 | 0x40 | 0x80; // STATX_TYPE | STATX_SIZE | STATX_INO | STATX_MTIME | STATX_CTIME
        private static bool _unavailable;

        [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
        private static extern int Statx(int dirFd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, [Out] byte[] buffer);

        public static bool TryStat(string path, out FileStamp? stamp)
        {
            stamp = null;
            if (_unavailable) return false;
            var buffer = new byte[256];
            try
            {
                if (Statx(AtFdCwd, path, 0, Mask, buffer) != 0)
                {
                    // ENOENT/ENOTDIR: the file is gone, which is an answer; anything else falls back to FileInfo.
                    var errno = Marshal.GetLastPInvokeError();
                    return errno is 2 or 20;
                }
            }
            catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
            {
                _unavailable = true; // an old C library without statx
                return false;
            }
            var span = buffer.AsSpan();
            stamp = new FileStamp(
                Length: MemoryMarshal.Read<long>(span[40..]),
                ModifiedNs: Nanoseconds(span[112..]),
                ChangedNs: Nanoseconds(span[96..]),
                Inode: MemoryMarshal.Read<ulong>(span[32..]));
            return true;
        }

        // struct statx_timestamp { __s64 tv_sec; __u32 tv_nsec; __s32 reserved; }
        private static long Nanoseconds(ReadOnlySpan<byte> timestamp) =>
            MemoryMarshal.Read<long>(timestamp) * 1_000_000_000 + MemoryMarshal.Read<uint>(timestamp[8..]);
    }
}
