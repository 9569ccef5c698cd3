using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace IrlExec.Generators.Analyzers.StatusFlow
{
    /// <summary>Where an abstract object comes from, which says what may refer to it besides the method's own variables.</summary>
    internal enum ObjectKind
    {
        /// <summary>
        /// Created in this method (<c>Start</c>, <c>Create</c>, <c>new StepState</c>, a factory that returns a new one),
        /// and only ever held by variables the analysis follows: nothing else can change it.
        /// </summary>
        Fresh,

        /// <summary>
        /// Came from outside (a parameter, a field, a call the analysis does not follow): another reference may hold the same
        /// execution, so a transition made through one forgets what is known of every other external object.
        /// </summary>
        External,
    }

    /// <summary>
    /// The abstract objects of one analysis: one per site that produces a WorkflowExecution or StepState (an allocation, a
    /// parameter, a read of something not followed). A site that runs again (in a loop) yields the same abstract object,
    /// which then stands for the newest concrete one: variables still holding an older one lose it (their reference
    /// becomes unknown).
    /// </summary>
    internal sealed class TrackedObjects
    {
        private readonly Dictionary<object, int> _ids = new Dictionary<object, int>();
        private readonly List<(ObjectKind Kind, bool IsStep, IOperation? Site)> _objects = new List<(ObjectKind, bool, IOperation?)>();

        /// <summary>The object of <paramref name="site"/> (an operation or a parameter symbol).</summary>
        public int For(object site, ObjectKind kind, bool isStep, IOperation? operation)
        {
            if (!_ids.TryGetValue(site, out var id))
            {
                id = _objects.Count;
                _ids.Add(site, id);
                _objects.Add((kind, isStep, operation));
            }
            return id;
        }

        public ObjectKind KindOf(int id) => _objects[id].Kind;

        public bool IsStep(int id) => _objects[id].IsStep;

        /// <summary>The operation that created the object, when it was created by one.</summary>
        public IOperation? SiteOf(int id) => _objects[id].Site;
    }
}
