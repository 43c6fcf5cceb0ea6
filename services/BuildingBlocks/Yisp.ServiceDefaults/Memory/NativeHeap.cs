using System.Runtime.InteropServices;

namespace Yisp.ServiceDefaults.Memory;

/// <summary>
/// glibc keeps what native code frees (the runtime's own allocations, TLS, sockets) in its arenas, below memory still in
/// use, and never returns it by itself; malloc_trim gives the free pages back. Elsewhere (musl, other systems) it does nothing.
/// </summary>
public static class NativeHeap
{
    private static bool unavailable = !OperatingSystem.IsLinux();

    /// <summary>Returns free native heap pages to the operating system; false when nothing was returned or it cannot be here.</summary>
    public static bool Trim()
    {
        if (unavailable)
        {
            return false;
        }
        try
        {
            return MallocTrim(0) == 1;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            unavailable = true; // not glibc
            return false;
        }
    }

    [DllImport("libc.so.6", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);
}
