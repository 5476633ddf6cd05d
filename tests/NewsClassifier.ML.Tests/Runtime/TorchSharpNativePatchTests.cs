using NewsClassifier.Build;

namespace NewsClassifier.ML.Tests.Runtime;

public class TorchSharpNativePatchTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nc-patch-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>The unpatched library as NuGet delivered it (the build output is already patched).</summary>
    private static string PristineLibrary()
    {
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var version = typeof(TorchSharp.torch).Assembly.GetName().Version!.ToString(3);
        var path = Path.Combine(packages, "torchsharp", version, "runtimes", "linux-x64", "native", TorchSharpNativePatch.LibraryFileName);
        Assert.True(File.Exists(path), $"expected TorchSharp's native library at {path}");
        return path;
    }

    [Fact]
    public void Marks_the_requirement_weak_once_and_changes_nothing_else()
    {
        var copy = Path.Combine(_dir, TorchSharpNativePatch.LibraryFileName);
        File.Copy(PristineLibrary(), copy);
        var before = File.ReadAllBytes(copy);
        Assert.False(TorchSharpNativePatch.IsVersionRequirementWeak(copy, TorchSharpNativePatch.MissingVersion));

        Assert.Equal(NativePatchOutcome.Patched, TorchSharpNativePatch.MakeVersionRequirementWeak(copy, TorchSharpNativePatch.MissingVersion));
        Assert.True(TorchSharpNativePatch.IsVersionRequirementWeak(copy, TorchSharpNativePatch.MissingVersion));
        Assert.Equal(NativePatchOutcome.AlreadyPatched, TorchSharpNativePatch.MakeVersionRequirementWeak(copy, TorchSharpNativePatch.MissingVersion));

        var after = File.ReadAllBytes(copy);
        Assert.Equal(before.Length, after.Length);
        var changed = Enumerable.Range(0, before.Length).Where(i => before[i] != after[i]).ToList();
        Assert.Single(changed); // one byte: the low byte of vna_flags
        Assert.Equal(before[changed[0]] | 0x2, after[changed[0]]);
    }

    [Fact]
    public void A_version_the_library_does_not_ask_for_is_left_alone()
    {
        var copy = Path.Combine(_dir, TorchSharpNativePatch.LibraryFileName);
        File.Copy(PristineLibrary(), copy);
        Assert.Equal(NativePatchOutcome.VersionNotReferenced, TorchSharpNativePatch.MakeVersionRequirementWeak(copy, "GLIBCXX_9.9.99"));
    }

    [Fact]
    public void Finds_the_library_in_portable_and_rid_specific_layouts()
    {
        Assert.Null(TorchSharpNativePatch.FindLibrary(_dir));
        Assert.Equal(NativePatchOutcome.LibraryNotFound, TorchSharpNativePatch.EnsureLoadable(_dir));

        var native = Directory.CreateDirectory(Path.Combine(_dir, "runtimes", "linux-x64", "native")).FullName;
        File.Copy(PristineLibrary(), Path.Combine(native, TorchSharpNativePatch.LibraryFileName));
        Assert.Equal(Path.Combine(native, TorchSharpNativePatch.LibraryFileName), TorchSharpNativePatch.FindLibrary(_dir));
    }

    [Fact]
    public void The_build_output_is_patched_where_the_system_needs_it()
    {
        var built = TorchSharpNativePatch.FindLibrary(AppContext.BaseDirectory);
        Assert.NotNull(built);
        bool systemHasIt = TorchSharpNativePatch.SystemLibStdCxxHas(TorchSharpNativePatch.MissingVersion);
        if (!systemHasIt) Assert.True(TorchSharpNativePatch.IsVersionRequirementWeak(built, TorchSharpNativePatch.MissingVersion));
    }

    [Fact]
    public void Detects_a_version_in_a_libstdcxx_file()
    {
        var fake = Path.Combine(_dir, "libstdc++.so.6");
        File.WriteAllBytes(fake, "\0GLIBCXX_3.4.30\0GLIBCXX_3.4.32\0"u8.ToArray());
        Assert.True(TorchSharpNativePatch.SystemLibStdCxxHas("GLIBCXX_3.4.32", new[] { fake }));
        Assert.False(TorchSharpNativePatch.SystemLibStdCxxHas("GLIBCXX_3.4.33", new[] { fake }));
        // "3.4.3" must not match "3.4.30": the terminator is part of the needle.
        Assert.False(TorchSharpNativePatch.SystemLibStdCxxHas("GLIBCXX_3.4.3", new[] { fake }));
    }

    [Fact]
    public void Refuses_a_file_that_is_not_elf()
    {
        Assert.Throws<InvalidDataException>(() => TorchSharpNativePatch.FindVernauxFlagsOffset(new byte[64], "x"));
    }
}
