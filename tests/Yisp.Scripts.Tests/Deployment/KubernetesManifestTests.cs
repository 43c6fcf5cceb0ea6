using System.Text.Json.Nodes;

namespace Yisp.Scripts.Tests.Deployment;

/// <summary>
/// Every overlay under k8s/overlays (and the operator examples) renders with kubectl's kustomize, offline; every
/// rendered object passes the Kubernetes schemas (k8s/checks); every workload passes <see cref="KubernetesPolicy"/>.
/// </summary>
public sealed class KubernetesManifestTests
{
    private const string OperatorGroups = "--custom=postgresql.cnpg.io,rabbitmq.com";

    public static TheoryData<string> Overlays() => new(DeploymentTools.Overlays());

    [Fact]
    public void There_are_the_dev_and_prod_overlays() =>
        Assert.Equal(["dev", "prod"], DeploymentTools.Overlays());

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task The_overlay_renders_and_every_object_passes_the_kubernetes_schemas(string overlay)
    {
        var rendered = (await DeploymentTools.KustomizeAsync($"k8s/overlays/{overlay}")).ShouldSucceed();
        var check = await DeploymentTools.SchemaCheckAsync(rendered.Output);
        check.ShouldSucceed();
        Assert.Contains(", 0 failed", check.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_operator_examples_render_and_pass_the_schemas()
    {
        var rendered = (await DeploymentTools.KustomizeAsync("k8s/operators")).ShouldSucceed();
        (await DeploymentTools.SchemaCheckAsync(rendered.Output, OperatorGroups)).ShouldSucceed();
    }

    private const string ValidDeployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: broken}
        spec:
          replicas: 1
          selector: {matchLabels: {app: broken}}
          template:
            metadata: {labels: {app: broken}}
            spec:
              topologySpreadConstraints: [{maxSkew: 1, topologyKey: zone, whenUnsatisfiable: DoNotSchedule}]
              containers: [{name: broken, image: broken, ports: [{name: http, containerPort: 80}]}]
        """;

    [Theory]
    [InlineData("replicas: 1", "replicas: two", "must be integer")]
    [InlineData("DoNotSchedule", "Sometimes", "must be equal to one of the allowed values")]
    [InlineData("containerPort: 80", "protocol: TCP", "must have required property containerPort")]
    [InlineData("kind: Deployment", "kind: Deploymnet", "not a Kubernetes API kind")]
    public async Task The_schema_check_rejects_a_wrong_object(string valid, string wrong, string expected)
    {
        (await DeploymentTools.SchemaCheckAsync(ValidDeployment)).ShouldSucceed();
        var check = await DeploymentTools.SchemaCheckAsync(ValidDeployment.Replace(valid, wrong, StringComparison.Ordinal));
        Assert.NotEqual(0, check.ExitCode);
        Assert.Contains(expected, check.Output, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task Every_workload_of_the_overlay_meets_the_policy(string overlay)
    {
        var objects = await DeploymentTools.RenderAsync($"k8s/overlays/{overlay}");
        Assert.Contains(objects, o => o.Text("kind") == "Deployment");
        var violations = KubernetesPolicy.Violations(objects);
        Assert.True(violations.Count == 0, string.Join('\n', violations));
    }

    [Theory]
    [InlineData("readinessProbe", "no readinessProbe")]
    [InlineData("startupProbe", "no startupProbe")]
    [InlineData("limits", "no resources.limits.memory")]
    [InlineData("runAsNonRoot", "securityContext.runAsNonRoot must be true")]
    [InlineData("readOnlyRootFilesystem", "readOnlyRootFilesystem must be true")]
    [InlineData("PodDisruptionBudget", "no PodDisruptionBudget selects its pods")]
    [InlineData("NetworkPolicy", "no NetworkPolicy (besides the default deny) selects its pods")]
    [InlineData("HorizontalPodAutoscaler", "no HorizontalPodAutoscaler scales it")]
    public async Task The_policy_fails_a_deployment_that_lacks(string removed, string expected)
    {
        var objects = (await DeploymentTools.RenderAsync("k8s/overlays/prod")).Select(o => (JsonObject)o.DeepClone()).ToList();
        var referral = objects.Single(o => o.Text("kind") == "Deployment" && o.Text("metadata", "name") == "referral");
        var container = (JsonObject)referral.Items("spec", "template", "spec", "containers").First();
        switch (removed)
        {
            case "PodDisruptionBudget" or "NetworkPolicy" or "HorizontalPodAutoscaler":
                objects.RemoveAll(o => o.Text("kind") == removed && o.Text("metadata", "name") == "referral");
                break;
            case "limits":
                container.Object("resources")!.Remove("limits");
                break;
            case "runAsNonRoot":
                referral.Object("spec", "template", "spec", "securityContext")!.Remove("runAsNonRoot");
                break;
            case "readOnlyRootFilesystem":
                container.Object("securityContext")!["readOnlyRootFilesystem"] = "false";
                break;
            default:
                container.Remove(removed);
                break;
        }
        var violations = KubernetesPolicy.Violations(objects);
        Assert.Contains(violations, v => v.StartsWith("Deployment/referral", StringComparison.Ordinal) && v.EndsWith(expected, StringComparison.Ordinal));
    }
}
