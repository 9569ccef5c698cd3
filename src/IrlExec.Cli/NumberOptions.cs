using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace IrlExec.Cli;

/// <summary>Range checks for number options, reported as usage errors (exit 2) like the parser's own.</summary>
internal static class NumberOptions
{
    /// <summary>Refuses a value below <paramref name="least"/> with <paramref name="message"/>(value).</summary>
    public static Option<T> AtLeast<T>(this Option<T> option, int least, Func<int, string>? message = null)
    {
        option.Validators.Add(result =>
        {
            // Read from the token: a value that is not a number is the parser's error already, and asking the result for
            // its value then throws instead of reporting it.
            if (result.Tokens.Count > 0
                && int.TryParse(result.Tokens[^1].Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
                && value < least)
            {
                result.AddError(message?.Invoke(value) ?? $"{option.Name} must be {least} or more, not {value}.");
            }
        });
        return option;
    }
}
