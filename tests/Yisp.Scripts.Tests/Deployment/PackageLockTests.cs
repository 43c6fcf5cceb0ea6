namespace Yisp.Scripts.Tests.Deployment;

public sealed class PackageLockTests
{
    [Fact]
    public void Every_project_an_image_is_built_from_has_its_package_lock_and_images_restore_in_locked_mode()
    {
        var projects = ServiceCatalogue.Discover().SelectMany(s => s.Projects)
            .Append("services/BuildingBlocks/Yisp.HealthCheck/Yisp.HealthCheck.csproj").Distinct().ToList();
        var missing = projects.Where(p => !File.Exists(Path.Combine(DeploymentTools.Root, Path.GetDirectoryName(p)!, "packages.lock.json"))).ToList();

        Assert.True(missing.Count == 0, "no packages.lock.json (run dotnet restore and commit it) beside:\n" + string.Join('\n', missing));
        Assert.True(projects.Count > 10, $"only {projects.Count} projects found");
        var restores = File.ReadAllLines(Path.Combine(DeploymentTools.Root, "docker/Dockerfile")).Where(l => l.Contains("dotnet restore", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(restores);
        Assert.All(restores, line => Assert.Contains("--locked-mode", line, StringComparison.Ordinal));
    }
}
