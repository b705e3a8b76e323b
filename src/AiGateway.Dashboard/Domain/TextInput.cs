namespace AiGateway.Dashboard.Domain;

/// <summary>
/// One rule for free text people and machines send (names, justifications, comments): trimmed, within its
/// declared length — checked here, since SQLite ignores column lengths — and free of control characters
/// (a NUL or an escape code is never stored). Line breaks are allowed only where a field is multi-line.
/// </summary>
public static class TextInput
{
    /// <summary>Null when the value is acceptable, else the reason, naming <paramref name="what"/>.</summary>
    public static string? Problem(string? value, string what, int maxLength, bool required = true, bool multiLine = false)
    {
        var text = value?.Trim() ?? "";
        if (text.Length == 0) return required ? $"{what} is required." : null;
        if (text.Length > maxLength) return $"{what} has {text.Length:N0} characters; at most {maxLength:N0} are allowed.";
        foreach (var c in text)
        {
            if (multiLine && c is '\n' or '\r' or '\t') continue;
            // Bidirectional overrides and isolates can make a name read differently from what is stored.
            if (char.IsControl(c) || c is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069'))
                return $"{what} contains a control character (U+{(int)c:X4}); remove it.";
        }
        return null;
    }

    /// <summary>The value as stored: trimmed (call after <see cref="Problem"/> found none).</summary>
    public static string Clean(string? value) => value?.Trim() ?? "";
}
