using IrlExec.Tests.Support;

namespace IrlExec.Tests.Storage;

/// <summary>ConfinedPath.Under on real folders and real symbolic links.</summary>
public sealed class ConfinedPathTests : IDisposable
{
    private readonly TempRoot _root = new();
    private readonly TempRoot _outside = new();

    public void Dispose()
    {
        _root.Dispose();
        _outside.Dispose();
    }

    [Theory]
    [InlineData("greeting.txt", "greeting.txt")]
    [InlineData("workspace/world-greeting.txt", "workspace/world-greeting.txt")]
    [InlineData("workspace\\nested\\file.txt", "workspace/nested/file.txt")]
    [InlineData("./workspace//a..b.txt", "workspace/a..b.txt")]
    public void A_relative_path_without_dot_dot_is_the_path_under_the_root(string given, string expected)
    {
        Assert.Equal(Path.Combine(_root.Path, Path.Combine(expected.Split('/'))), ConfinedPath.Under(_root.Path, given));
    }

    [Theory]
    [InlineData("workspace/../../hello-escaped-greeting.txt", "'..'")]
    [InlineData("..", "'..'")]
    [InlineData("a/..\\..\\b", "'..'")]
    [InlineData("/etc/passwd", "absolute")]
    [InlineData("\\share\\file", "absolute")]
    [InlineData("", "empty")]
    [InlineData("a\0b", "NUL")]
    public void A_path_that_could_leave_the_root_is_refused_naming_it_and_why(string given, string why)
    {
        var error = Assert.Throws<PathOutsideRootException>(() => ConfinedPath.Under(_root.Path, given));

        Assert.Contains(why, error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{given}'", error.Message, StringComparison.Ordinal);
        Assert.Equal(given, error.RequestedPath);
        Assert.Equal(Path.GetFullPath(_root.Path), error.Root);
    }

    [Fact]
    public void A_symbolic_link_to_a_folder_outside_the_root_is_refused()
    {
        Directory.CreateDirectory(Path.Combine(_root.Path, "workspace"));
        Directory.CreateSymbolicLink(Path.Combine(_root.Path, "workspace", "out"), _outside.Path);

        var error = Assert.Throws<PathOutsideRootException>(() => ConfinedPath.Under(_root.Path, "workspace/out/file.txt"));

        Assert.Contains("symbolic link", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_symbolic_link_file_pointing_outside_the_root_is_refused()
    {
        File.WriteAllText(Path.Combine(_outside.Path, "target.txt"), "outside");
        File.CreateSymbolicLink(Path.Combine(_root.Path, "file.txt"), Path.Combine(_outside.Path, "target.txt"));

        Assert.Throws<PathOutsideRootException>(() => ConfinedPath.Under(_root.Path, "file.txt"));
    }

    [Fact]
    public void A_dangling_symbolic_link_pointing_outside_the_root_is_refused()
    {
        File.CreateSymbolicLink(Path.Combine(_root.Path, "file.txt"), Path.Combine(_outside.Path, "not-yet.txt"));

        Assert.Throws<PathOutsideRootException>(() => ConfinedPath.Under(_root.Path, "file.txt"));
    }

    [Fact]
    public void A_relative_link_climbing_out_with_dot_dot_is_refused()
    {
        Directory.CreateDirectory(Path.Combine(_root.Path, "a"));
        Directory.CreateSymbolicLink(Path.Combine(_root.Path, "a", "up"), "../..");

        Assert.Throws<PathOutsideRootException>(() => ConfinedPath.Under(_root.Path, "a/up/x.txt"));
    }

    [Fact]
    public void A_symbolic_link_that_stays_inside_the_root_is_allowed()
    {
        Directory.CreateDirectory(Path.Combine(_root.Path, "data", "2026"));
        Directory.CreateSymbolicLink(Path.Combine(_root.Path, "current"), Path.Combine("data", "2026"));

        Assert.Equal(Path.Combine(_root.Path, "current", "report.md"), ConfinedPath.Under(_root.Path, "current/report.md"));
    }

    [Fact]
    public void A_root_reached_through_a_symbolic_link_is_the_folder_it_leads_to()
    {
        var linkedRoot = Path.Combine(_outside.Path, "linked-root");
        Directory.CreateSymbolicLink(linkedRoot, _root.Path);

        Assert.Equal(Path.Combine(linkedRoot, "workspace", "x.txt"), ConfinedPath.Under(linkedRoot, "workspace/x.txt"));
    }

    [Fact]
    public void A_loop_of_symbolic_links_is_refused()
    {
        File.CreateSymbolicLink(Path.Combine(_root.Path, "a"), Path.Combine(_root.Path, "b"));
        File.CreateSymbolicLink(Path.Combine(_root.Path, "b"), Path.Combine(_root.Path, "a"));

        var error = Assert.Throws<PathOutsideRootException>(() => ConfinedPath.Under(_root.Path, "a/x.txt"));

        Assert.Contains("loop", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_step_that_is_refused_a_path_is_not_retried_and_writes_nothing_outside()
    {
        // What HelloPipeline's publish step does with its audience.
        var escaped = Path.Combine(_outside.Path, "hello-escaped-greeting.txt");
        var audience = Path.GetRelativePath(Path.Combine(_root.Path, "workspace"), Path.Combine(_outside.Path, "hello-escaped"));
        var attempts = 0;
        var plan = new StepPlan { Order = 1, Name = "publish", Component = "test.publish", MaxAttempts = 3 };
        var workflow = new WorkflowDefinition(
            new WorkflowPlan { Name = "confined", Goal = "Publish", Steps = [plan] },
            [StepDefinition.Create(plan, () => new TestStep(context =>
            {
                attempts++;
                File.WriteAllText(ConfinedPath.Under(_root.Path, $"workspace/{context.Variables.GetString("audience")}-greeting.txt"), "hello");
            }))]);
        var variables = new VariableStore();
        variables.Set("audience", audience);

        var result = await WorkflowRunner.ForDirectory(_root.Path).RunAsync(workflow, variables);

        Assert.NotEqual(ExecutionStatus.CompletedSuccess, result.Status);
        Assert.Contains("'..'", result.Reason, StringComparison.Ordinal);
        Assert.Equal(1, attempts);
        Assert.False(File.Exists(escaped));
    }

    private sealed class TestStep(Action<StepContext> act) : IStep
    {
        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            act(context);
            return ValueTask.CompletedTask;
        }
    }
}
