using System;
using System.Collections.Generic;
using System.Linq;

namespace IrlExec.Generators.Analyzers.StatusFlow
{
    /// <summary>
    /// The statuses an object may have at a program point: a set of <see cref="ExecutionStatus"/> values for a
    /// WorkflowExecution or of <see cref="StepStatus"/> values for a StepState (one bit per value). A transition is
    /// reported only when every status of the set refuses it.
    /// </summary>
    internal readonly struct StatusSet : IEquatable<StatusSet>
    {
        // One bit per value of each enum (the one table in StatusTransitions.cs defines them).
        private static readonly int ExecutionCount = Enum.GetValues(typeof(ExecutionStatus)).Cast<int>().Max() + 1;
        private static readonly int StepCount = Enum.GetValues(typeof(StepStatus)).Cast<int>().Max() + 1;
        private static readonly int ExecutionAll = (1 << ExecutionCount) - 1;
        private static readonly int StepAll = (1 << StepCount) - 1;

        private StatusSet(bool isStep, int bits)
        {
            IsStep = isStep;
            Bits = bits;
        }

        public bool IsStep { get; }
        public int Bits { get; }
        public bool IsEmpty => Bits == 0;
        public bool IsAll => Bits == (IsStep ? StepAll : ExecutionAll);

        public static StatusSet Of(ExecutionStatus status) => new StatusSet(false, 1 << (int)status);

        public static StatusSet Of(StepStatus status) => new StatusSet(true, 1 << (int)status);

        public static StatusSet All(bool isStep) => new StatusSet(isStep, isStep ? StepAll : ExecutionAll);

        public static StatusSet FromBits(bool isStep, int bits) => new StatusSet(isStep, bits & (isStep ? StepAll : ExecutionAll));

        public StatusSet Union(StatusSet other) => new StatusSet(IsStep, Bits | other.Bits);

        public StatusSet Intersect(StatusSet other) => new StatusSet(IsStep, Bits & other.Bits);

        public StatusSet Except(StatusSet other) => new StatusSet(IsStep, Bits & ~other.Bits);

        public StatusSet Complement() => new StatusSet(IsStep, ~Bits & (IsStep ? StepAll : ExecutionAll));

        public IEnumerable<ExecutionStatus> ExecutionStatuses
        {
            get
            {
                var bits = Bits;
                return Enumerable.Range(0, ExecutionCount).Where(i => (bits & (1 << i)) != 0).Select(i => (ExecutionStatus)i);
            }
        }

        public IEnumerable<StepStatus> StepStatuses
        {
            get
            {
                var bits = Bits;
                return Enumerable.Range(0, StepCount).Where(i => (bits & (1 << i)) != 0).Select(i => (StepStatus)i);
            }
        }

        /// <summary>"PAUSED" or "PAUSED or RESUMED".</summary>
        public string Describe() => string.Join(" or ", IsStep
            ? StepStatuses.Select(StatusTransitions.ToWireName)
            : ExecutionStatuses.Select(StatusTransitions.ToWireName));

        public bool Equals(StatusSet other) => IsStep == other.IsStep && Bits == other.Bits;

        public override bool Equals(object? obj) => obj is StatusSet other && Equals(other);

        public override int GetHashCode() => (Bits * 2) + (IsStep ? 1 : 0);
    }
}
