using System.Text.Json.Nodes;

namespace Yisp.Scripts.Tests.Deployment;

/// <summary>
/// What every workload of the platform must have before an operator can trust it: for each Deployment, startup,
/// liveness and readiness probes, CPU and memory requests and limits, a non-root user, a read-only root filesystem,
/// all capabilities dropped, no service account token, a topology spread, a PodDisruptionBudget and a
/// HorizontalPodAutoscaler; for every workload (StatefulSets too), a NetworkPolicy that selects its pods.
/// </summary>
public static class KubernetesPolicy
{
    private static readonly string[] Probes = ["startupProbe", "livenessProbe", "readinessProbe"];

    public static List<string> Violations(IReadOnlyList<JsonObject> objects)
    {
        var violations = new List<string>();
        foreach (var workload in objects.Where(o => o.Text("kind") is "Deployment" or "StatefulSet"))
        {
            var name = $"{workload.Text("kind")}/{workload.Text("metadata", "name")}";
            var pod = workload.Object("spec", "template", "spec");
            var labels = Labels(workload.Object("spec", "template", "metadata", "labels"));
            if (!objects.Any(o => o.Text("kind") == "NetworkPolicy" && Selects(o.Object("spec", "podSelector"), labels, emptySelectsAll: false)))
            {
                violations.Add($"{name}: no NetworkPolicy (besides the default deny) selects its pods");
            }
            if (workload.Text("kind") != "Deployment")
            {
                continue;
            }
            Check(violations, name, pod.Text("automountServiceAccountToken") == "false", "automountServiceAccountToken must be false");
            Check(violations, name, pod.Text("securityContext", "runAsNonRoot") == "true", "securityContext.runAsNonRoot must be true");
            Check(violations, name, pod.Items("topologySpreadConstraints").Any(), "no topologySpreadConstraints");
            foreach (var container in pod.Items("containers"))
            {
                var where = $"{name} container {container.Text("name")}";
                foreach (var probe in Probes)
                {
                    Check(violations, where, container.Object(probe) is not null, $"no {probe}");
                }
                foreach (var (kind, resource) in new[] { ("requests", "cpu"), ("requests", "memory"), ("limits", "cpu"), ("limits", "memory") })
                {
                    Check(violations, where, container.Text("resources", kind, resource) is not null, $"no resources.{kind}.{resource}");
                }
                Check(violations, where, container.Text("securityContext", "readOnlyRootFilesystem") == "true", "readOnlyRootFilesystem must be true");
                Check(violations, where, container.Text("securityContext", "allowPrivilegeEscalation") == "false", "allowPrivilegeEscalation must be false");
                Check(violations, where, container.Items("securityContext", "capabilities", "drop").Any(d => d.ToString() == "ALL"), "capabilities must drop ALL");
            }
            Check(violations, name, objects.Any(o => o.Text("kind") == "PodDisruptionBudget" && Selects(o.Object("spec", "selector"), labels, emptySelectsAll: false)),
                "no PodDisruptionBudget selects its pods");
            Check(violations, name, objects.Any(o => o.Text("kind") == "HorizontalPodAutoscaler"
                && o.Text("spec", "scaleTargetRef", "kind") == "Deployment" && o.Text("spec", "scaleTargetRef", "name") == workload.Text("metadata", "name")),
                "no HorizontalPodAutoscaler scales it");
        }
        return violations;
    }

    public static Dictionary<string, string> Labels(JsonObject? labels) =>
        labels?.ToDictionary(l => l.Key, l => l.Value?.ToString() ?? "") ?? [];

    /// <summary>Whether a label selector (matchLabels, matchExpressions In/Exists) selects pods with these labels.</summary>
    public static bool Selects(JsonObject? selector, IReadOnlyDictionary<string, string> labels, bool emptySelectsAll)
    {
        var matchLabels = Labels(selector.Object("matchLabels"));
        var expressions = selector.Items("matchExpressions").ToList();
        if (matchLabels.Count == 0 && expressions.Count == 0)
        {
            return emptySelectsAll;
        }
        return matchLabels.All(l => labels.TryGetValue(l.Key, out var v) && v == l.Value)
            && expressions.All(e => e.Text("operator") switch
            {
                "In" => labels.TryGetValue(e.Text("key")!, out var v) && e.Items("values").Any(x => x.ToString() == v),
                "Exists" => labels.ContainsKey(e.Text("key")!),
                _ => false,
            });
    }

    private static void Check(List<string> violations, string name, bool ok, string message)
    {
        if (!ok)
        {
            violations.Add($"{name}: {message}");
        }
    }
}
