using System.Runtime.InteropServices;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Yisp.ServiceDefaults;
using Yisp.ServiceDefaults.Memory;
using Yisp.Testing;

namespace Yisp.Messaging.Tests;

public sealed class IdleMemoryReleaseTests
{
    private static readonly IdleMemoryOptions Defaults = new();

    [Theory]
    [InlineData(1L << 20, 100L << 20, true)] // quiet after a burst
    [InlineData(50L << 20, 100L << 20, false)] // still busy
    [InlineData(1L << 20, 10L << 20, false)] // quiet, but little done since the last release
    public void Memory_is_released_once_the_service_is_quiet_after_work(long sinceLastLook, long sinceLastRelease, bool released) =>
        Assert.Equal(released, IdleMemoryRelease.ShouldRelease(sinceLastLook, sinceLastRelease, Defaults));

    [Fact]
    public void An_operator_can_turn_it_off() =>
        Assert.False(IdleMemoryRelease.ShouldRelease(0, long.MaxValue, new IdleMemoryOptions { ReleaseWhenIdle = false }));

    [Fact]
    public void The_heap_a_burst_grew_is_given_back_to_the_operating_system()
    {
        var release = new IdleMemoryRelease(Options.Create(new IdleMemoryOptions
        {
            IdleBelowBytes = 32L << 20, // other tests run alongside
            WorkBeforeReleaseBytes = 250L << 20,
        }), TimeProvider.System, NullLogger<IdleMemoryRelease>.Instance);

        var residentAtPeak = Burst();

        Assert.False(release.ReleaseIfIdle()); // the look that sees the burst: busy
        Assert.True(release.ReleaseIfIdle()); // the next: quiet after work
        var returned = residentAtPeak - Environment.WorkingSet;
        Assert.True(returned > 200L << 20, $"{returned >> 20} MB returned of the 300 MB burst (resident at the peak: {residentAtPeak >> 20} MB)");
    }

    [Fact]
    public async Task Every_service_looks_on_its_own_while_it_runs()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Test" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddServiceDefaults("idle-memory-test");
        await using var app = builder.Build();

        Assert.Contains(app.Services.GetServices<IHostedService>(), service => service is IdleMemoryRelease);
    }

    [Fact]
    public void Native_memory_freed_below_memory_in_use_is_given_back()
    {
        const int Block = 64 << 10; // below glibc's threshold for a mapping of its own: from the heap
        var blocks = Enumerable.Range(0, 3_000).Select(_ => Marshal.AllocHGlobal(Block)).ToList();
        foreach (var block in blocks)
        {
            for (var page = 0; page < Block; page += 4096)
            {
                Marshal.WriteByte(block, page, 1);
            }
        }
        blocks[..^1].ForEach(Marshal.FreeHGlobal); // the last stays in use, above the rest: free() alone returns nothing
        var residentAfterFree = Environment.WorkingSet;

        Assert.True(NativeHeap.Trim());
        var returned = residentAfterFree - Environment.WorkingSet;
        Marshal.FreeHGlobal(blocks[^1]);

        Assert.True(returned > 100L << 20, $"{returned >> 20} MB returned of 190 MB freed");
    }

    /// <summary>300 MB of large objects (collected only in full collections), every page touched, dropped at once: the resident set at the peak.</summary>
    private static long Burst()
    {
        var held = Enumerable.Range(0, 300).Select(_ => new byte[1 << 20]).ToList();
        foreach (var block in held)
        {
            for (var page = 0; page < block.Length; page += 4096)
            {
                block[page] = 1;
            }
        }
        var resident = Environment.WorkingSet;
        GC.KeepAlive(held);
        return resident;
    }
}
