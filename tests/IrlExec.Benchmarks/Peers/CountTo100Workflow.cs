// A 100-step workflow for the peer benchmarks, written as a user writes one (the generator binds it). Each step reads
// the int `value` and publishes it plus one; the steps are identical on purpose.
// IRL0010 (a later step replaces a published variable) is what this counter wants: every step replaces `value`.
#pragma warning disable IRL0010

namespace IrlExec.Benchmarks.Peers;

/// <summary>100 steps, each reading one int and writing one int (the peer benchmarks' shared work).</summary>
[Workflow("count-to-100")]
public partial class CountTo100Workflow
{
    [Variable] public int Value { get; init; }

    [Step(1, SideEffects = "none")]
    public sealed partial class Add001 : IStep
    {
        [Input] public int Value { get; set; }
        [Output("value")] public int Next { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Next = Value + 1;
            return ValueTask.CompletedTask;
        }
    }

    [Step(2, SideEffects = "none")]
    public sealed partial class Add002 : IStep
    {
        [Input] public int Value { get; set; }
        [Output("value")] public int Next { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Next = Value + 1;
            return ValueTask.CompletedTask;
        }
    }

    [Step(3, SideEffects = "none")]
    public sealed partial class Add003 : IStep
    {
        [Input] public int Value { get; set; }
        [Output("value")] public int Next { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Next = Value + 1;
            return ValueTask.CompletedTask;
        }
    }

    [Step(4, SideEffects = "none")]
    public sealed partial class Add004 : IStep
    {
        [Input] public int Value { get; set; }
        [Output("value")] public int Next { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Next = Value + 1;
            return ValueTask.CompletedTask;
        }
    }

    [Step(5, SideEffects = "none")]
    public sealed partial class Add005 : IStep
    {
        [Input] public int Value { get; set; }
        [Output("value")] public int Next { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Next = Value + 1;
            return ValueTask.CompletedTask;
        }
    }

    [Step(6, SideEffects = "none")]
    public sealed partial class Add006 : IStep
    {
        [Input] public int Value { get; set; }
        [Output("value")] public int Next { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Next = Value + 1;
            return ValueTask.CompletedTask;
        }
    }

    [Step(7, SideEffects = "none")]
    public sealed partial class Add007 : IStep
    {
        [Input] public int Value { get; set; }
        [Output("value")] public int Next { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Next = Value + 1;
            return ValueTask.CompletedTask;
        }
    }

    [Step(8, SideEffects = "none")]
    public sealed partial class Add008 : IStep
    {
        [Input] public int Value { get; set; }
        [Output("value")] public int Next { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Next = Value + 1;
            return ValueTask.CompletedTask;
        }
    }

    [Step(9, SideEffects = "none")]
    public sealed partial class Add009 : IStep
    {
        [Input] public int Value { get; set; }
        [Output("value")] public int Next { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Next = Value + 1;
            return ValueTask.CompletedTask;
        }
    }

    [Step(10, SideEffects = "none")]
    public sealed partial class Add010 : IStep
    {
        [Input] public int Value { get; set; }
        [Output("value")] public int Next { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Next = Value + 1;
            return ValueTask.CompletedTask;
        }
    }

    [Step(11, SideEffects = "none")]
    public sealed partial class Add011 : IStep
    {
        [Input] public int Value { get; set; }
        [Output("value")] public int Next { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Next = Value + 1;
            return ValueTask.CompletedTask;
        }
    }

    [Step(12, SideEffects = "none")]
    public sealed partial class Add012 : IStep
    {
        [Input] public int Value { get; set; }
        [Output("value")] public int Next { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Next = Value + 1;
            return ValueTask.CompletedTask;
        }
    }

    [Step(13, SideEffects = "none")]
    public sealed partial class Add013 : IStep
    {
        [Input] public int Value { get; set; }
        [Output("value")] public int Next { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Next = Value + 1;
            return ValueTask.CompletedTask;
        }
    }

    [Step(14, SideEffects = "none")]
    public sealed partial class Add014 : IStep
    {
        [Input] public int Value { get; set; }
        [Output("value")] public int Next { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Next = Value + 1;
            return ValueTask.CompletedTask;
        }
    }

    [Step(15, SideEffects = "none")]
    public sealed partial class Add015 : IStep
    {
        [Input] public int Value { get; set; }
        [Output("value")] public int Next { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Next = Value + 1;
            return ValueTask.CompletedTask;
        }
    }

    [Step(16, SideEffects = "none")]
    public sealed partial class Add016 : IStep
    {
        [Input] public int Value { get; set; }
        [Output("value")] public int Next { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Next = Value + 1;
            return ValueTask.CompletedTask;
        }
    }

    [Step(17, SideEffects = "none")]
    public sealed partial class Add017 : IStep
    {
        [Input] public int Value { get; set; }
        [Output("value")] public int Next { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Next = Value + 1;
            return ValueTask.CompletedTask;
        }
    }

    [Step(18, SideEffects = "none")]
    public sealed partial class Add018 : IStep
    {
        [Input] public int Value { get; set; }
        [Output("value")] public int Next { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Next = Value + 1;
            return ValueTask.CompletedTask;
        }
    }

    [Step(19, SideEffects = "none")]
    public sealed partial class Add019 : IStep
    {
        [Input] public int Value { get; set; }
        [Output("value")] public int Next { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Next = Value + 1;
            return ValueTask.CompletedTask;
        }
    }

    [Step(20, SideEffects = "none")]
    public sealed partial class Add020 : IStep
    {
        [Input] public int Value { get; set; }
        [Output("value")] public int Next { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Next = Value + 1;
            return ValueTask.CompletedTask;
        }
    }

    [Step(21, SideEffects = "none")]
    public sealed partial class Add021 : IStep
    {
        [Input] public int Value { get; set; }
        [Output("value")] public int Next { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Next = Value + 1;
            return ValueTask.CompletedTask;
        }
    }

    [Step(22, SideEffects = "none")]
    public sealed partial class Add022 : IStep
    {
        [Input] public int Value { get; set; }
        [Output("value")] public int Next { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Next = Value + 1;
            return ValueTask.CompletedTask;
        }
    }

    [Step(23, SideEffects = "none")]
    public sealed partial class Add023 : IStep
    {
        [Input] public int Value { get; set; }
        [Output("value")] public int Next { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Next = Value + 1;
            return ValueTask.CompletedTask;
        }
    }

    [Step(24, SideEffects = "none")]
    public sealed partial class Add024 : IStep
    {
        [Input] public int Value { get; set; }
        [Output("value")] public int Next { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Next = Value + 1;
            return ValueTask.CompletedTask;
        }
    }

    [Step(25, SideEffects = "none")]
    public sealed partial class Add025 : IStep
    {
        [Input] public int Value { get; set; }
        [Output("value")] public int Next { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Next = Value + 1;
            return ValueTask.CompletedTask;
        }
    }

    [Step(26, SideEffects = "none")]
    public sealed partial class Add026 : IStep
    {
        [Input] public int Value { get; set; }
        [Output("value")] public int Next { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Next = Value + 1;
            return ValueTask.CompletedTask;
        }
    }

    [Step(27, SideEffects = "none")]
    public sealed partial class Add027 : IStep
    {
        [Input] public int Value { get; set; }
        [Output("value")] public int Next { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Next = Value + 1;
            return ValueTask.CompletedTask;
        }
    }

    [Step(28, SideEffects = "none")]
    public sealed partial class Add028 : IStep
    {
        [Input] public int Value { get; set; }
        [Output("value")] public int Next { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Next = Value + 1;
            return ValueTask.CompletedTask;
        }
    }

    [Step(29, SideEffects = "none")]
    public sealed partial class Add029 : IStep
    {
        [Input] public int Value { get; set; }
        [Output("value")] public int Next { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Next = Value + 1;
            return ValueTask.CompletedTask;
        }
    }

    [Step(30, SideEffects = "none")]
    public sealed partial class Add030 : IStep
    {
        [Input] public int Value { get; set; }
        [Output("value")] public int Next { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Next = Value + 1;
            return ValueTask.CompletedTask;
        }
    }

    [Step(31, SideEffects = "none")]
    public sealed partial class Add031 : IStep
    {
        [Input] public int Value { get; set; }
        [Output("value")] public int Next { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Next = Value + 1;
            return ValueTask.CompletedTask;
        }
    }

    [Step(32, SideEffects = "none")]
    public sealed partial class Add032 : IStep
    {
        [Input] public int Value { get; set; }
        [Output("value")] public int Next { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Next = Value + 1;
            return ValueTask.CompletedTask;
        }
    }

    [Step(33, SideEffects = "none")]
    public sealed partial class Add033 : IStep
    {
        [Input] public int Value { get; set; }
        [Output("value")] public int Next { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Next = Value + 1;
            return ValueTask.CompletedTask;
        }
    }

    [Step(34, SideEffects = "none")]
    public sealed partial class Add034 : IStep
    {
        [Input] public int Value { get; set; }
        [Output("value")] public int Next { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Next = Value + 1;
            return ValueTask.CompletedTask;
        }
    }

    [Step(35, SideEffects = "none")]
    public sealed partial class Add035 : IStep
    {
        [Input] public int Value { get; set; }
        [Output("value")] public int Next { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Next = Value + 1;
            return ValueTask.CompletedTask;
        }
    }

    [Step(36, SideEffects = "none")]
    public sealed partial class Add036 : IStep
    {
        [Input] public int Value { get; set; }
        [Output("value")] public int Next { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Next = Value + 1;
            return ValueTask.CompletedTask;
        }
    }

    [Step(37, SideEffects = "none")]
    public sealed partial class Add037 : IStep
    {
        [Input] public int Value { get; set; }
        [Output("value")] public int Next { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Next = Value + 1;
            return ValueTask.CompletedTask;
        }
    }

    [Step(38, SideEffects = "none")]
    public sealed partial class Add038 : IStep
    {
        [Input] public int Value { get; set; }
        [Output("value")] public int Next { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Next = Value + 1;
            return ValueTask.CompletedTask;
        }
    }

    [Step(39, SideEffects = "none")]
    public sealed partial class Add039 : IStep
    {
        [Input] public int Value { get; set; }
        [Output("value")] public int Next { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Next = Value + 1;
            return ValueTask.CompletedTask;
        }
    }

    [Step(40, SideEffects = "none")]
    public sealed partial class Add040 : IStep
    {
        [Input] public int Value { get; set; }
        [Output("value")] public int Next { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Next = Value + 1;
            return ValueTask.CompletedTask;
        }
    }

    [Step(41, SideEffects = "none")]
    public sealed partial class Add041 : IStep
    {
        [Input] public int Value { get; set; }
        [Output("value")] public int Next { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Next = Value + 1;
            return ValueTask.CompletedTask;
        }
    }

    [Step(42, SideEffects = "none")]
    public sealed partial class Add042 : IStep
    {
        [Input] public int Value { get; set; }
        [Output("value")] public int Next { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Next = Value + 1;
            return ValueTask.CompletedTask;
        }
    }

    [Step(43, SideEffects = "none")]
    public sealed partial class Add043 : IStep
    {
        [Input] public int Value { get; set; }
        [Output("value")] public int Next { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Next = Value + 1;
            return ValueTask.CompletedTask;
        }
    }

    [Step(44, SideEffects = "none")]
    public sealed partial class Add044 : IStep
    {
        [Input] public int Value { get; set; }
        [Output("value")] public int Next { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Next = Value + 1;
            return ValueTask.CompletedTask;
        }
    }

    [Step(45, SideEffects = "none")]
    public sealed partial class Add045 : IStep
    {
        [Input] public int Value { get; set; }
        [Output("value")] public int Next { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Next = Value + 1;
            return ValueTask.CompletedTask;
        }
    }

    [Step(46, SideEffects = "none")]
    public sealed partial class Add046 : IStep
    {
        [Input] public int Value { get; set; }
        [Output("value")] public int Next { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Next = Value + 1;
            return ValueTask.CompletedTask;
        }
    }

    [Step(47, SideEffects = "none")]
    public sealed partial class Add047 : IStep
    {
        [Input] public int Value { get; set; }
        [Output("value")] public int Next { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Next = Value + 1;
            return ValueTask.CompletedTask;
        }
    }

    [Step(48, SideEffects = "none")]
    public sealed partial class Add048 : IStep
    {
        [Input] public int Value { get; set; }
        [Output("value")] public int Next { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Next = Value + 1;
            return ValueTask.CompletedTask;
        }
    }

    [Step(49, SideEffects = "none")]
    public sealed partial class Add049 : IStep
    {
        [Input] public int Value { get; set; }
        [Output("value")] public int Next { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Next = Value + 1;
            return ValueTask.CompletedTask;
        }
    }

    [Step(50, SideEffects = "none")]
    public sealed partial class Add050 : IStep
    {
        [Input] public int Value { get; set; }
        [Output("value")] public int Next { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Next = Value + 1;
            return ValueTask.CompletedTask;
        }
    }

    [Step(51, SideEffects = "none")]
    public sealed partial class Add051 : IStep
    {
        [Input] public int Value { get; set; }
        [Output("value")] public int Next { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Next = Value + 1;
            return ValueTask.CompletedTask;
        }
    }

    [Step(52, SideEffects = "none")]
    public sealed partial class Add052 : IStep
    {
        [Input] public int Value { get; set; }
        [Output("value")] public int Next { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Next = Value + 1;
            return ValueTask.CompletedTask;
        }
    }

    [Step(53, SideEffects = "none")]
    public sealed partial class Add053 : IStep
    {
        [Input] public int Value { get; set; }
        [Output("value")] public int Next { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Next = Value + 1;
            return ValueTask.CompletedTask;
        }
    }

    [Step(54, SideEffects = "none")]
    public sealed partial class Add054 : IStep
    {
        [Input] public int Value { get; set; }
        [Output("value")] public int Next { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Next = Value + 1;
            return ValueTask.CompletedTask;
        }
    }

    [Step(55, SideEffects = "none")]
    public sealed partial class Add055 : IStep
    {
        [Input] public int Value { get; set; }
        [Output("value")] public int Next { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Next = Value + 1;
            return ValueTask.CompletedTask;
        }
    }

    [Step(56, SideEffects = "none")]
    public sealed partial class Add056 : IStep
    {
        [Input] public int Value { get; set; }
        [Output("value")] public int Next { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Next = Value + 1;
            return ValueTask.CompletedTask;
        }
    }

    [Step(57, SideEffects = "none")]
    public sealed partial class Add057 : IStep
    {
        [Input] public int Value { get; set; }
        [Output("value")] public int Next { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Next = Value + 1;
            return ValueTask.CompletedTask;
        }
    }

    [Step(58, SideEffects = "none")]
    public sealed partial class Add058 : IStep
    {
        [Input] public int Value { get; set; }
        [Output("value")] public int Next { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Next = Value + 1;
            return ValueTask.CompletedTask;
        }
    }

    [Step(59, SideEffects = "none")]
    public sealed partial class Add059 : IStep
    {
        [Input] public int Value { get; set; }
        [Output("value")] public int Next { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Next = Value + 1;
            return ValueTask.CompletedTask;
        }
    }

    [Step(60, SideEffects = "none")]
    public sealed partial class Add060 : IStep
    {
        [Input] public int Value { get; set; }
        [Output("value")] public int Next { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Next = Value + 1;
            return ValueTask.CompletedTask;
        }
    }

    [Step(61, SideEffects = "none")]
    public sealed partial class Add061 : IStep
    {
        [Input] public int Value { get; set; }
        [Output("value")] public int Next { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Next = Value + 1;
            return ValueTask.CompletedTask;
        }
    }

    [Step(62, SideEffects = "none")]
    public sealed partial class Add062 : IStep
    {
        [Input] public int Value { get; set; }
        [Output("value")] public int Next { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Next = Value + 1;
            return ValueTask.CompletedTask;
        }
    }

    [Step(63, SideEffects = "none")]
    public sealed partial class Add063 : IStep
    {
        [Input] public int Value { get; set; }
        [Output("value")] public int Next { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Next = Value + 1;
            return ValueTask.CompletedTask;
        }
    }

    [Step(64, SideEffects = "none")]
    public sealed partial class Add064 : IStep
    {
        [Input] public int Value { get; set; }
        [Output("value")] public int Next { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Next = Value + 1;
            return ValueTask.CompletedTask;
        }
    }

    [Step(65, SideEffects = "none")]
    public sealed partial class Add065 : IStep
    {
        [Input] public int Value { get; set; }
        [Output("value")] public int Next { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Next = Value + 1;
            return ValueTask.CompletedTask;
        }
    }

    [Step(66, SideEffects = "none")]
    public sealed partial class Add066 : IStep
    {
        [Input] public int Value { get; set; }
        [Output("value")] public int Next { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Next = Value + 1;
            return ValueTask.CompletedTask;
        }
    }

    [Step(67, SideEffects = "none")]
    public sealed partial class Add067 : IStep
    {
        [Input] public int Value { get; set; }
        [Output("value")] public int Next { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Next = Value + 1;
            return ValueTask.CompletedTask;
        }
    }

    [Step(68, SideEffects = "none")]
    public sealed partial class Add068 : IStep
    {
        [Input] public int Value { get; set; }
        [Output("value")] public int Next { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Next = Value + 1;
            return ValueTask.CompletedTask;
        }
    }

    [Step(69, SideEffects = "none")]
    public sealed partial class Add069 : IStep
    {
        [Input] public int Value { get; set; }
        [Output("value")] public int Next { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Next = Value + 1;
            return ValueTask.CompletedTask;
        }
    }

    [Step(70, SideEffects = "none")]
    public sealed partial class Add070 : IStep
    {
        [Input] public int Value { get; set; }
        [Output("value")] public int Next { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Next = Value + 1;
            return ValueTask.CompletedTask;
        }
    }

    [Step(71, SideEffects = "none")]
    public sealed partial class Add071 : IStep
    {
        [Input] public int Value { get; set; }
        [Output("value")] public int Next { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Next = Value + 1;
            return ValueTask.CompletedTask;
        }
    }

    [Step(72, SideEffects = "none")]
    public sealed partial class Add072 : IStep
    {
        [Input] public int Value { get; set; }
        [Output("value")] public int Next { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Next = Value + 1;
            return ValueTask.CompletedTask;
        }
    }

    [Step(73, SideEffects = "none")]
    public sealed partial class Add073 : IStep
    {
        [Input] public int Value { get; set; }
        [Output("value")] public int Next { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Next = Value + 1;
            return ValueTask.CompletedTask;
        }
    }

    [Step(74, SideEffects = "none")]
    public sealed partial class Add074 : IStep
    {
        [Input] public int Value { get; set; }
        [Output("value")] public int Next { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Next = Value + 1;
            return ValueTask.CompletedTask;
        }
    }

    [Step(75, SideEffects = "none")]
    public sealed partial class Add075 : IStep
    {
        [Input] public int Value { get; set; }
        [Output("value")] public int Next { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Next = Value + 1;
            return ValueTask.CompletedTask;
        }
    }

    [Step(76, SideEffects = "none")]
    public sealed partial class Add076 : IStep
    {
        [Input] public int Value { get; set; }
        [Output("value")] public int Next { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Next = Value + 1;
            return ValueTask.CompletedTask;
        }
    }

    [Step(77, SideEffects = "none")]
    public sealed partial class Add077 : IStep
    {
        [Input] public int Value { get; set; }
        [Output("value")] public int Next { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Next = Value + 1;
            return ValueTask.CompletedTask;
        }
    }

    [Step(78, SideEffects = "none")]
    public sealed partial class Add078 : IStep
    {
        [Input] public int Value { get; set; }
        [Output("value")] public int Next { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Next = Value + 1;
            return ValueTask.CompletedTask;
        }
    }

    [Step(79, SideEffects = "none")]
    public sealed partial class Add079 : IStep
    {
        [Input] public int Value { get; set; }
        [Output("value")] public int Next { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Next = Value + 1;
            return ValueTask.CompletedTask;
        }
    }

    [Step(80, SideEffects = "none")]
    public sealed partial class Add080 : IStep
    {
        [Input] public int Value { get; set; }
        [Output("value")] public int Next { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Next = Value + 1;
            return ValueTask.CompletedTask;
        }
    }

    [Step(81, SideEffects = "none")]
    public sealed partial class Add081 : IStep
    {
        [Input] public int Value { get; set; }
        [Output("value")] public int Next { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Next = Value + 1;
            return ValueTask.CompletedTask;
        }
    }

    [Step(82, SideEffects = "none")]
    public sealed partial class Add082 : IStep
    {
        [Input] public int Value { get; set; }
        [Output("value")] public int Next { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Next = Value + 1;
            return ValueTask.CompletedTask;
        }
    }

    [Step(83, SideEffects = "none")]
    public sealed partial class Add083 : IStep
    {
        [Input] public int Value { get; set; }
        [Output("value")] public int Next { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Next = Value + 1;
            return ValueTask.CompletedTask;
        }
    }

    [Step(84, SideEffects = "none")]
    public sealed partial class Add084 : IStep
    {
        [Input] public int Value { get; set; }
        [Output("value")] public int Next { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Next = Value + 1;
            return ValueTask.CompletedTask;
        }
    }

    [Step(85, SideEffects = "none")]
    public sealed partial class Add085 : IStep
    {
        [Input] public int Value { get; set; }
        [Output("value")] public int Next { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Next = Value + 1;
            return ValueTask.CompletedTask;
        }
    }

    [Step(86, SideEffects = "none")]
    public sealed partial class Add086 : IStep
    {
        [Input] public int Value { get; set; }
        [Output("value")] public int Next { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Next = Value + 1;
            return ValueTask.CompletedTask;
        }
    }

    [Step(87, SideEffects = "none")]
    public sealed partial class Add087 : IStep
    {
        [Input] public int Value { get; set; }
        [Output("value")] public int Next { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Next = Value + 1;
            return ValueTask.CompletedTask;
        }
    }

    [Step(88, SideEffects = "none")]
    public sealed partial class Add088 : IStep
    {
        [Input] public int Value { get; set; }
        [Output("value")] public int Next { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Next = Value + 1;
            return ValueTask.CompletedTask;
        }
    }

    [Step(89, SideEffects = "none")]
    public sealed partial class Add089 : IStep
    {
        [Input] public int Value { get; set; }
        [Output("value")] public int Next { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Next = Value + 1;
            return ValueTask.CompletedTask;
        }
    }

    [Step(90, SideEffects = "none")]
    public sealed partial class Add090 : IStep
    {
        [Input] public int Value { get; set; }
        [Output("value")] public int Next { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Next = Value + 1;
            return ValueTask.CompletedTask;
        }
    }

    [Step(91, SideEffects = "none")]
    public sealed partial class Add091 : IStep
    {
        [Input] public int Value { get; set; }
        [Output("value")] public int Next { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Next = Value + 1;
            return ValueTask.CompletedTask;
        }
    }

    [Step(92, SideEffects = "none")]
    public sealed partial class Add092 : IStep
    {
        [Input] public int Value { get; set; }
        [Output("value")] public int Next { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Next = Value + 1;
            return ValueTask.CompletedTask;
        }
    }

    [Step(93, SideEffects = "none")]
    public sealed partial class Add093 : IStep
    {
        [Input] public int Value { get; set; }
        [Output("value")] public int Next { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Next = Value + 1;
            return ValueTask.CompletedTask;
        }
    }

    [Step(94, SideEffects = "none")]
    public sealed partial class Add094 : IStep
    {
        [Input] public int Value { get; set; }
        [Output("value")] public int Next { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Next = Value + 1;
            return ValueTask.CompletedTask;
        }
    }

    [Step(95, SideEffects = "none")]
    public sealed partial class Add095 : IStep
    {
        [Input] public int Value { get; set; }
        [Output("value")] public int Next { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Next = Value + 1;
            return ValueTask.CompletedTask;
        }
    }

    [Step(96, SideEffects = "none")]
    public sealed partial class Add096 : IStep
    {
        [Input] public int Value { get; set; }
        [Output("value")] public int Next { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Next = Value + 1;
            return ValueTask.CompletedTask;
        }
    }

    [Step(97, SideEffects = "none")]
    public sealed partial class Add097 : IStep
    {
        [Input] public int Value { get; set; }
        [Output("value")] public int Next { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Next = Value + 1;
            return ValueTask.CompletedTask;
        }
    }

    [Step(98, SideEffects = "none")]
    public sealed partial class Add098 : IStep
    {
        [Input] public int Value { get; set; }
        [Output("value")] public int Next { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Next = Value + 1;
            return ValueTask.CompletedTask;
        }
    }

    [Step(99, SideEffects = "none")]
    public sealed partial class Add099 : IStep
    {
        [Input] public int Value { get; set; }
        [Output("value")] public int Next { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Next = Value + 1;
            return ValueTask.CompletedTask;
        }
    }

    [Step(100, SideEffects = "none")]
    public sealed partial class Add100 : IStep
    {
        [Input] public int Value { get; set; }
        [Output("value")] public int Next { get; set; }

        public ValueTask ExecuteAsync(StepContext context, CancellationToken cancellationToken)
        {
            Next = Value + 1;
            return ValueTask.CompletedTask;
        }
    }
}
