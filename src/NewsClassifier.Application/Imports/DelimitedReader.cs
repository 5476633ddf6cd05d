using System.Text;

namespace NewsClassifier.Application.Imports;

/// <summary>
/// Streaming RFC 4180 reader (quoted fields, doubled quotes, line breaks inside quotes, \n, \r\n or \r line ends)
/// that reports malformed records instead of guessing, with the line each record starts on. Our own rather than
/// CsvHelper's parser because the import report needs exact row numbers and a clear reason for an unclosed quote
/// (which otherwise silently swallows the rest of the file into one field).
/// </summary>
internal sealed class DelimitedReader(TextReader reader, char delimiter)
{
    private readonly char[] _buffer = new char[64 * 1024];
    private readonly StringBuilder _field = new();
    private int _position;
    private int _length;
    private int _line = 1;

    /// <summary>Reads the next record into <paramref name="fields"/>. Blank lines are skipped.
    /// <paramref name="error"/> is set when the record is malformed; its fields are then incomplete.</summary>
    /// <returns>False at the end of the input.</returns>
    public bool TryRead(List<string> fields, out int startLine, out string? error)
    {
        fields.Clear();
        error = null;
        while (true)
        {
            startLine = _line;
            var c = Peek();
            if (c < 0) return false;
            if (c is '\r' or '\n')
            {
                ReadLineEnd();
                continue; // blank line
            }
            break;
        }

        while (true)
        {
            var end = ReadField(fields, startLine, ref error);
            if (end == FieldEnd.Delimiter) continue;
            if (error is not null && end == FieldEnd.Garbage)
            {
                SkipRestOfLine();
            }
            return true;
        }
    }

    private enum FieldEnd { Delimiter, LineEnd, EndOfInput, Garbage }

    private FieldEnd ReadField(List<string> fields, int startLine, ref string? error)
    {
        _field.Clear();
        if (Peek() == '"')
        {
            Next();
            var quoteLine = _line;
            while (true)
            {
                var c = Next();
                if (c < 0)
                {
                    fields.Add(_field.ToString());
                    error ??= quoteLine == startLine
                        ? $"Unbalanced quote: the quoted field opened on line {quoteLine} is never closed."
                        : $"Unbalanced quote: the quoted field opened on line {quoteLine} (record starting on line {startLine}) is never closed.";
                    return FieldEnd.EndOfInput;
                }
                if (c == '"')
                {
                    if (Peek() == '"')
                    {
                        Next();
                        _field.Append('"');
                        continue;
                    }
                    break;
                }
                if (c == '\n' || (c == '\r' && Peek() != '\n')) _line++;
                _field.Append((char)c);
            }
            fields.Add(_field.ToString());
            var after = Peek();
            if (after == delimiter) { Next(); return FieldEnd.Delimiter; }
            if (after < 0) return FieldEnd.EndOfInput;
            if (after is '\r' or '\n') { ReadLineEnd(); return FieldEnd.LineEnd; }
            error ??= $"Unexpected character '{(char)after}' after a closing quote in field {fields.Count} (a quote inside a quoted field must be doubled).";
            return FieldEnd.Garbage;
        }

        // Unquoted: a stray quote inside is kept literally, as most producers and readers do.
        while (true)
        {
            if (_position >= _length && !Fill())
            {
                fields.Add(_field.ToString());
                return FieldEnd.EndOfInput;
            }
            var span = _buffer.AsSpan(_position, _length - _position);
            var stop = span.IndexOfAny(delimiter, '\r', '\n');
            if (stop < 0)
            {
                _field.Append(span);
                _position = _length;
                continue;
            }
            _field.Append(span[..stop]);
            _position += stop;
            fields.Add(_field.ToString());
            if (Next() == delimiter) return FieldEnd.Delimiter;
            _position--; // put the line end back for ReadLineEnd
            ReadLineEnd();
            return FieldEnd.LineEnd;
        }
    }

    private void SkipRestOfLine()
    {
        while (true)
        {
            var c = Peek();
            if (c < 0) return;
            if (c is '\r' or '\n') { ReadLineEnd(); return; }
            Next();
        }
    }

    private void ReadLineEnd()
    {
        var c = Next();
        if (c == '\r' && Peek() == '\n') Next();
        _line++;
    }

    private int Peek() => _position < _length || Fill() ? _buffer[_position] : -1;

    private int Next() => _position < _length || Fill() ? _buffer[_position++] : -1;

    private bool Fill()
    {
        _length = reader.Read(_buffer, 0, _buffer.Length);
        _position = 0;
        return _length > 0;
    }
}
