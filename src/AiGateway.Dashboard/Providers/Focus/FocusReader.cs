using System.Globalization;
using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Text;

namespace AiGateway.Dashboard.Providers.Focus;

/// <summary>
/// Reads FOCUS files as rows of strings: CSV (RFC 4180: quoted fields, doubled quotes, line breaks inside quotes), gzip CSV
/// (<c>.csv.gz</c>) and Parquet. A malformed file fails naming the file, the line and the column; nothing is half-read.
/// </summary>
public static class FocusReader
{
    public static bool IsFocusFile(string name) =>
        name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".csv.gz", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase);

    public static async IAsyncEnumerable<FocusLine> ReadAsync(string name, Stream stream, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (name.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase))
        {
            await foreach (var line in ParquetAsync(name, stream, cancellationToken)) yield return line;
            yield break;
        }
        var source = name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(stream, CompressionMode.Decompress, leaveOpen: true) : stream;
        try
        {
            using var reader = new StreamReader(source, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, 64 * 1024, leaveOpen: true);
            string[]? header = null;
            await foreach (var (line, cells) in CsvAsync(name, reader, cancellationToken))
            {
                if (header is null)
                {
                    header = cells.Select(c => c.Trim()).ToArray();
                    if (header.Length == 0 || header.All(h => h.Length == 0)) throw new InvalidDataException($"{name}: line 1 has no column names.");
                    continue;
                }
                if (cells.Count == 1 && cells[0].Length == 0) continue; // a blank line
                if (cells.Count != header.Length)
                    throw new InvalidDataException($"{name}, line {line}: {cells.Count} value(s) for {header.Length} column(s) — the row is cut or has an unquoted comma. Nothing was replaced.");
                var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
                for (var i = 0; i < header.Length; i++) values[header[i]] = cells[i].Length == 0 ? null : cells[i];
                yield return new FocusLine(line, values);
            }
        }
        finally
        {
            if (!ReferenceEquals(source, stream)) await source.DisposeAsync();
        }
    }

    private static async IAsyncEnumerable<(long Line, List<string> Cells)> CsvAsync(string name, StreamReader reader, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        long line = 0;
        string? text;
        while (true)
        {
            try
            {
                text = await reader.ReadLineAsync(cancellationToken);
            }
            catch (InvalidDataException ex)
            {
                throw new InvalidDataException($"{name}, after line {line}: the compressed data is damaged ({ex.Message}). Nothing was replaced.", ex);
            }
            if (text is null) yield break;
            line++;
            var start = line;
            var cells = new List<string>();
            var cell = new StringBuilder();
            var quoted = false;
            var i = 0;
            while (true)
            {
                if (i >= text.Length)
                {
                    if (!quoted) break;
                    // A quoted field goes on over the line break.
                    var more = await reader.ReadLineAsync(cancellationToken)
                        ?? throw new InvalidDataException($"{name}, line {start}, column {cells.Count + 1}: a quoted value is never closed. Nothing was replaced.");
                    line++;
                    cell.Append('\n');
                    text = more;
                    i = 0;
                    continue;
                }
                var c = text[i];
                if (quoted)
                {
                    if (c == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"') { cell.Append('"'); i += 2; continue; }
                        quoted = false;
                        i++;
                        if (i < text.Length && text[i] != ',')
                            throw new InvalidDataException($"{name}, line {line}, column {cells.Count + 1}: text after a closing quote. Nothing was replaced.");
                        continue;
                    }
                    cell.Append(c);
                    i++;
                    continue;
                }
                if (c == ',') { cells.Add(cell.ToString()); cell.Clear(); i++; continue; }
                if (c == '"' && cell.Length == 0) { quoted = true; i++; continue; }
                cell.Append(c);
                i++;
            }
            cells.Add(cell.ToString());
            yield return (start, cells);
        }
    }

    private static async IAsyncEnumerable<FocusLine> ParquetAsync(string name, Stream stream, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Stream seekable = stream;
        if (!stream.CanSeek)
        {
            seekable = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.DeleteOnClose);
            await stream.CopyToAsync(seekable, cancellationToken);
            seekable.Position = 0;
        }
        try
        {
            // One row group in memory at a time: a cloud's monthly export is millions of rows in groups of a few hundred thousand.
            var groups = await ReadParquetAsync(name, async () =>
            {
                await using var reader = await Parquet.ParquetReader.CreateAsync(seekable, leaveStreamOpen: true, cancellationToken: cancellationToken);
                return reader.RowGroupCount;
            });
            long line = 1;
            for (var group = 0; group < groups; group++)
            {
                seekable.Position = 0;
                var index = group;
                var rows = await ReadParquetAsync(name, async () =>
                    (await Parquet.Serialization.ParquetSerializer.DeserializeUntypedAsync(seekable, rowGroupIndex: index, cancellationToken: cancellationToken)).Data);
                foreach (var row in rows)
                {
                    line++;
                    var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
                    foreach (var (column, value) in row) values[column] = Text(value);
                    yield return new FocusLine(line, values);
                }
            }
        }
        finally
        {
            if (!ReferenceEquals(seekable, stream)) await seekable.DisposeAsync();
        }
    }

    private static async Task<T> ReadParquetAsync<T>(string name, Func<Task<T>> read)
    {
        try
        {
            return await read();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new InvalidDataException($"{name}: not a readable Parquet file ({ex.Message}). Nothing was replaced.", ex);
        }
    }

    // Parquet values as the CSV would carry them: invariant numbers (exact for decimals), ISO 8601 UTC times.
    private static string? Text(object? value) => value switch
    {
        null => null,
        string s => s.Length == 0 ? null : s,
        decimal d => d.ToString(CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        DateTime t => DateTime.SpecifyKind(t, t.Kind == DateTimeKind.Unspecified ? DateTimeKind.Utc : t.Kind).ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        DateTimeOffset o => o.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
