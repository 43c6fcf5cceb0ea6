namespace Yisp.Adapters.Tests;

public sealed class AdapterProjectsTests
{
    [Fact]
    public void Each_adapter_is_its_own_assembly()
    {
        var assemblies = new[] { typeof(Health.HealthAdapterMarker), typeof(Education.EducationAdapterMarker), typeof(Police.PoliceAdapterMarker) }
            .Select(t => t.Assembly.GetName().Name).ToList();
        Assert.Equal(["Yisp.Adapters.Health", "Yisp.Adapters.Education", "Yisp.Adapters.Police"], assemblies);
    }
}
