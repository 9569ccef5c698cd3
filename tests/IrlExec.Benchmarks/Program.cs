using BenchmarkDotNet.Running;

namespace IrlExec.Benchmarks;

/// <summary>
/// Entry point: BenchmarkDotNet's switcher, so every standard option works
/// (<c>--filter '*'</c>, <c>--job short</c>, <c>--list flat</c>, ...). See docs/performance.md for what each suite measures.
/// </summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
