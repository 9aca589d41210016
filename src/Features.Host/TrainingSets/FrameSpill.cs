using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Features.Host.TrainingSets;

/// <summary>
/// Symbol frames parked on disk between the per-symbol stage (join, label) and the time-ordered merge, so the
/// universe never sits in memory: each frame is appended to one temporary file, and the merge reads every symbol
/// back through a <see cref="Cursor"/> holding only <see cref="ChunkRows"/> rows. A frame is its stamps, label and
/// span column by column, then its features row by row: the merge takes one row of every symbol in turn, and a
/// row's features side by side are one read from memory instead of one cache miss per column.
/// </summary>
public sealed class FrameSpill : IDisposable
{
    public const int ChunkRows = 256;

    private readonly string _path;
    private readonly FileStream _file;
    private readonly List<(long Offset, int Rows)> _frames = [];
    private readonly int _featureCount;
    private double[] _rowMajor = [];

    public FrameSpill(string directory, int featureCount)
    {
        Directory.CreateDirectory(directory);
        _path = Path.Combine(directory, $"frames-{Guid.NewGuid():N}.bin");
        _file = new FileStream(_path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
        _featureCount = featureCount;
    }

    public int Count => _frames.Count;

    public int FeatureCount => _featureCount;

    /// <summary>Appends a frame; frames are addressed by the order they were added.</summary>
    public void Add(SymbolFrame frame)
    {
        _file.Seek(0, SeekOrigin.End);
        _frames.Add((_file.Position, frame.Length));
        _file.Write(MemoryMarshal.AsBytes(frame.Timestamps.AsSpan()));
        _file.Write(MemoryMarshal.AsBytes(frame.Label.AsSpan()));
        _file.Write(MemoryMarshal.AsBytes(frame.LabelStart.AsSpan()));
        _file.Write(MemoryMarshal.AsBytes(frame.LabelEnd.AsSpan()));
        var length = frame.Length * _featureCount;
        if (_rowMajor.Length < length) _rowMajor = new double[length];
        for (var c = 0; c < _featureCount; c++)
        {
            var column = frame.Features[c];
            for (int r = 0, at = c; r < column.Length; r++, at += _featureCount) _rowMajor[at] = column[r];
        }
        _file.Write(MemoryMarshal.AsBytes(_rowMajor.AsSpan(0, length)));
    }

    public Cursor Open(int frame)
    {
        _file.Flush();
        var (offset, rows) = _frames[frame];
        return new Cursor(_file.SafeFileHandle, offset, rows, _featureCount);
    }

    public void Dispose() => _file.Dispose();

    /// <summary>Reads one spilled frame forward, a chunk at a time.</summary>
    public sealed class Cursor
    {
        private readonly SafeFileHandle _handle;
        private readonly long _offset;
        private readonly int _rows;
        private readonly int _featureCount;
        private readonly long[] _timestamps = new long[ChunkRows];
        private readonly double[] _features;
        private readonly double[] _label = new double[ChunkRows];
        private readonly long[] _start = new long[ChunkRows];
        private readonly long[] _end = new long[ChunkRows];
        private int _chunkStart;
        private int _chunkLength;
        private int _position;

        internal Cursor(SafeFileHandle handle, long offset, int rows, int featureCount)
        {
            _handle = handle;
            _offset = offset;
            _rows = rows;
            _featureCount = featureCount;
            _features = new double[ChunkRows * featureCount];
            Load(0);
        }

        public bool HasRow => _chunkStart + _position < _rows;

        /// <summary>The current row's timestamp; only while <see cref="HasRow"/>.</summary>
        public long Timestamp => _timestamps[_position];

        /// <summary>Appends the current row to <paramref name="block"/> and moves to the next.</summary>
        public void MoveTo(RowBlock block, int symbol)
        {
            block.Add(symbol, _timestamps[_position], _features.AsSpan(_position * _featureCount, _featureCount), _label[_position],
                _start[_position], _end[_position]);
            _position++;
            if (_position == _chunkLength && _chunkStart + _chunkLength < _rows) Load(_chunkStart + _chunkLength);
        }

        private void Load(int first)
        {
            _chunkStart = first;
            _chunkLength = Math.Min(ChunkRows, _rows - first);
            _position = 0;
            if (_chunkLength <= 0) return;
            // Column k of the stamps, label and span starts at offset + k × rows × 8; the features, row-major, after them.
            Read(Column(0), MemoryMarshal.AsBytes(_timestamps.AsSpan(0, _chunkLength)));
            Read(Column(1), MemoryMarshal.AsBytes(_label.AsSpan(0, _chunkLength)));
            Read(Column(2), MemoryMarshal.AsBytes(_start.AsSpan(0, _chunkLength)));
            Read(Column(3), MemoryMarshal.AsBytes(_end.AsSpan(0, _chunkLength)));
            Read(_offset + (4L * _rows + (long)_chunkStart * _featureCount) * sizeof(double),
                MemoryMarshal.AsBytes(_features.AsSpan(0, _chunkLength * _featureCount)));
        }

        /// <summary>Where this chunk's rows of scalar column <paramref name="column"/> start.</summary>
        private long Column(int column) => _offset + ((long)column * _rows + _chunkStart) * sizeof(long);

        private void Read(long at, Span<byte> target)
        {
            while (target.Length > 0)
            {
                var read = RandomAccess.Read(_handle, target, at);
                if (read == 0) throw new EndOfStreamException("the frame spill file ended early");
                target = target[read..];
                at += read;
            }
        }
    }
}
