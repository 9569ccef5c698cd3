using System;
using System.Collections.Generic;

namespace IrlExec.Generators.Analyzers
{
    /// <summary>"Did you mean ...?": the known name closest to a misspelt one, by Levenshtein distance.</summary>
    internal static class NameSuggestions
    {
        /// <summary>
        /// The candidate closest to <paramref name="name"/>, or null when none is close enough to be a likely typo
        /// (at most a third of the name's characters differ, and at least 2 may). Ties go to the ordinally first name.
        /// </summary>
        public static string? Closest(string name, IEnumerable<string> candidates)
        {
            string? best = null;
            var bestDistance = int.MaxValue;
            var limit = Math.Max(2, name.Length / 3);
            foreach (var candidate in candidates)
            {
                if (candidate == name) continue;
                var distance = Distance(name, candidate);
                if (distance > limit) continue;
                if (distance < bestDistance || (distance == bestDistance && string.CompareOrdinal(candidate, best) < 0))
                {
                    best = candidate;
                    bestDistance = distance;
                }
            }
            return best;
        }

        /// <summary>The Levenshtein distance: single-character insertions, deletions and substitutions.</summary>
        public static int Distance(string a, string b)
        {
            var previous = new int[b.Length + 1];
            var current = new int[b.Length + 1];
            for (var j = 0; j <= b.Length; j++) previous[j] = j;
            for (var i = 1; i <= a.Length; i++)
            {
                current[0] = i;
                for (var j = 1; j <= b.Length; j++)
                {
                    var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                    current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
                }
                (previous, current) = (current, previous);
            }
            return previous[b.Length];
        }
    }
}
