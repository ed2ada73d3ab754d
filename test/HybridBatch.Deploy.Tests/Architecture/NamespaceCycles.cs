namespace HybridBatch.Deploy.Tests.Architecture;

/// <summary>The cycles of a namespace dependency graph: its strongly connected components of two or more (Tarjan).</summary>
public static class NamespaceCycles
{
    /// <summary>Each cycle as its namespaces in ordinal order; cycles ordered by their first namespace.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> Find(IReadOnlyDictionary<string, IReadOnlySet<string>> edges)
    {
        var search = new Tarjan(edges);
        foreach (string node in edges.Keys.Order(StringComparer.Ordinal))
        {
            if (!search.Visited(node))
            {
                search.Visit(node);
            }
        }

        return search.Components
            .Where(component => component.Count > 1)
            .Select(component => (IReadOnlyList<string>)component.Order(StringComparer.Ordinal).ToList())
            .OrderBy(component => component[0], StringComparer.Ordinal)
            .ToList();
    }

    private sealed class Tarjan(IReadOnlyDictionary<string, IReadOnlySet<string>> edges)
    {
        private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _lowLink = new(StringComparer.Ordinal);
        private readonly HashSet<string> _onStack = new(StringComparer.Ordinal);
        private readonly Stack<string> _stack = new();

        public List<List<string>> Components { get; } = [];

        public bool Visited(string node) => _index.ContainsKey(node);

        // Recursive: a namespace graph has tens of nodes, far from any stack limit.
        public void Visit(string node)
        {
            _index[node] = _lowLink[node] = _index.Count;
            _stack.Push(node);
            _onStack.Add(node);
            foreach (string next in edges.TryGetValue(node, out IReadOnlySet<string>? targets) ? targets.Order(StringComparer.Ordinal) : Enumerable.Empty<string>())
            {
                if (!Visited(next))
                {
                    Visit(next);
                    _lowLink[node] = Math.Min(_lowLink[node], _lowLink[next]);
                }
                else if (_onStack.Contains(next))
                {
                    _lowLink[node] = Math.Min(_lowLink[node], _index[next]);
                }
            }

            if (_lowLink[node] == _index[node])
            {
                var component = new List<string>();
                string member;
                do
                {
                    member = _stack.Pop();
                    _onStack.Remove(member);
                    component.Add(member);
                }
                while (member != node);
                Components.Add(component);
            }
        }
    }
}
