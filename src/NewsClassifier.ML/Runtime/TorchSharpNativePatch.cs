// Makes TorchSharp's native bridge load on systems whose libstdc++ predates GCC 13.
//
// libLibTorchSharp.so (built with GCC 13) declares a need for GLIBCXX_3.4.32, which Debian 12's
// libstdc++ lacks. The only symbol under that version is std::ios_base_library_init(), a link-time
// anchor with no relocation against it, so it is never resolved. Marking the version requirement
// WEAK (VER_FLG_WEAK in its Vernaux entry) lets glibc load the library; nothing else changes.
//
// This one file serves two callers: the MSBuild step in Directory.Build.targets (compiled by
// RoslynCodeTaskFactory, with the task class at the bottom) and NewsClassifier.ML at start
// (compiled with NEWSCLASSIFIER_RUNTIME defined, without the MSBuild task).
#nullable enable
using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace NewsClassifier.Build
{
    public enum NativePatchOutcome
    {
        /// <summary>The system libstdc++ provides the version: the library loads as it is.</summary>
        NotNeeded,
        /// <summary>The requirement was already weak (an earlier build or start patched it).</summary>
        AlreadyPatched,
        /// <summary>The requirement was made weak now.</summary>
        Patched,
        /// <summary>The library does not ask for the version at all (another TorchSharp build).</summary>
        VersionNotReferenced,
        /// <summary>No library file was found where it was looked for.</summary>
        LibraryNotFound,
    }

    public static class TorchSharpNativePatch
    {
        public const string LibraryFileName = "libLibTorchSharp.so";
        public const string MissingVersion = "GLIBCXX_3.4.32";

        private const uint ShtGnuVerneed = 0x6ffffffe;
        private const ushort VerFlagWeak = 0x2;

        private static readonly string[] LibStdCxxCandidates =
        {
            "/usr/lib/x86_64-linux-gnu/libstdc++.so.6",
            "/lib/x86_64-linux-gnu/libstdc++.so.6",
            "/usr/lib/aarch64-linux-gnu/libstdc++.so.6",
            "/lib/aarch64-linux-gnu/libstdc++.so.6",
            "/usr/lib64/libstdc++.so.6",
            "/usr/lib/libstdc++.so.6",
        };

        /// <summary>Finds the native bridge in a build/publish output folder (portable or RID-specific layout).</summary>
        public static string? FindLibrary(string outputDirectory)
        {
            foreach (var candidate in new[]
            {
                Path.Combine(outputDirectory, LibraryFileName),
                Path.Combine(outputDirectory, "runtimes", "linux-x64", "native", LibraryFileName),
                Path.Combine(outputDirectory, "runtimes", "linux-arm64", "native", LibraryFileName),
            })
            {
                if (File.Exists(candidate)) return candidate;
            }
            return null;
        }

        /// <summary>
        /// True when the system's libstdc++ defines <paramref name="version"/>. Without a libstdc++ at the
        /// usual places we answer false, which leads to the (harmless) patch.
        /// </summary>
        public static bool SystemLibStdCxxHas(string version, IEnumerable<string>? candidates = null)
        {
            var needle = Encoding.ASCII.GetBytes(version + "\0");
            foreach (var path in candidates ?? LibStdCxxCandidates)
            {
                if (!File.Exists(path)) continue;
                return IndexOf(File.ReadAllBytes(path), needle) >= 0;
            }
            return false;
        }

        /// <summary>Patches the library in an output folder when the system needs it. Idempotent.</summary>
        public static NativePatchOutcome EnsureLoadable(string outputDirectory)
        {
            var library = FindLibrary(outputDirectory);
            if (library is null) return NativePatchOutcome.LibraryNotFound;
            if (SystemLibStdCxxHas(MissingVersion)) return NativePatchOutcome.NotNeeded;
            return MakeVersionRequirementWeak(library, MissingVersion);
        }

        /// <summary>Sets VER_FLG_WEAK on the Vernaux entry named <paramref name="version"/>. Idempotent.</summary>
        public static NativePatchOutcome MakeVersionRequirementWeak(string elfPath, string version)
        {
            byte[] elf = File.ReadAllBytes(elfPath);
            int flagsOffset = FindVernauxFlagsOffset(elf, version);
            if (flagsOffset < 0) return NativePatchOutcome.VersionNotReferenced;

            ushort flags = ReadU16(elf, flagsOffset);
            if ((flags & VerFlagWeak) != 0) return NativePatchOutcome.AlreadyPatched;

            flags |= VerFlagWeak;
            // Write only the two bytes, in place, so a concurrent reader never sees a truncated file.
            using (var stream = new FileStream(elfPath, FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
            {
                stream.Position = flagsOffset;
                stream.WriteByte((byte)(flags & 0xff));
                stream.WriteByte((byte)(flags >> 8));
            }
            return NativePatchOutcome.Patched;
        }

        /// <summary>True when the library's requirement on <paramref name="version"/> is weak.</summary>
        public static bool IsVersionRequirementWeak(string elfPath, string version)
        {
            byte[] elf = File.ReadAllBytes(elfPath);
            int flagsOffset = FindVernauxFlagsOffset(elf, version);
            return flagsOffset >= 0 && (ReadU16(elf, flagsOffset) & VerFlagWeak) != 0;
        }

        /// <summary>
        /// Walks the ELF64 little-endian section headers to .gnu.version_r, then its Verneed/Vernaux chains.
        /// Returns the file offset of the matching Vernaux's vna_flags, or -1.
        /// </summary>
        public static int FindVernauxFlagsOffset(byte[] elf, string version)
        {
            if (elf.Length < 0x40 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
                throw new InvalidDataException("Not an ELF file.");
            if (elf[4] != 2 || elf[5] != 1)
                throw new InvalidDataException("Only 64-bit little-endian ELF files are supported.");

            long sectionHeaders = (long)ReadU64(elf, 0x28);
            int entrySize = ReadU16(elf, 0x3A);
            int count = ReadU16(elf, 0x3C);

            for (int i = 0; i < count; i++)
            {
                int header = checked((int)(sectionHeaders + (long)i * entrySize));
                if (ReadU32(elf, header + 4) != ShtGnuVerneed) continue;

                int sectionOffset = checked((int)ReadU64(elf, header + 24));
                int stringTableIndex = (int)ReadU32(elf, header + 40);
                int verneedCount = (int)ReadU32(elf, header + 44);
                int stringTableHeader = checked((int)(sectionHeaders + (long)stringTableIndex * entrySize));
                int strings = checked((int)ReadU64(elf, stringTableHeader + 24));

                int verneed = sectionOffset;
                for (int n = 0; n < verneedCount; n++)
                {
                    int auxCount = ReadU16(elf, verneed + 2);
                    int aux = verneed + (int)ReadU32(elf, verneed + 8);
                    for (int a = 0; a < auxCount; a++)
                    {
                        int name = strings + (int)ReadU32(elf, aux + 8);
                        if (ReadCString(elf, name) == version) return aux + 4;
                        uint nextAux = ReadU32(elf, aux + 12);
                        if (nextAux == 0) break;
                        aux += (int)nextAux;
                    }
                    uint next = ReadU32(elf, verneed + 12);
                    if (next == 0) break;
                    verneed += (int)next;
                }
            }
            return -1;
        }

        private static ushort ReadU16(byte[] b, int o) => (ushort)(b[o] | b[o + 1] << 8);
        private static uint ReadU32(byte[] b, int o) => (uint)(b[o] | b[o + 1] << 8 | b[o + 2] << 16 | b[o + 3] << 24);
        private static ulong ReadU64(byte[] b, int o) => ReadU32(b, o) | (ulong)ReadU32(b, o + 4) << 32;

        private static string ReadCString(byte[] b, int o)
        {
            int end = o;
            while (end < b.Length && b[end] != 0) end++;
            return Encoding.ASCII.GetString(b, o, end - o);
        }

        private static int IndexOf(byte[] haystack, byte[] needle)
        {
            for (int i = 0; i <= haystack.Length - needle.Length; i++)
            {
                if (haystack[i] != needle[0]) continue;
                int j = 1;
                while (j < needle.Length && haystack[i + j] == needle[j]) j++;
                if (j == needle.Length) return i;
            }
            return -1;
        }
    }

#if !NEWSCLASSIFIER_RUNTIME
    /// <summary>MSBuild entry point: runs after Build and Publish of any project that ships TorchSharp's natives.</summary>
    public class PatchTorchSharpNative : Microsoft.Build.Utilities.Task
    {
        [Microsoft.Build.Framework.Required]
        public string OutputDirectory { get; set; } = "";

        public override bool Execute()
        {
            try
            {
                var outcome = TorchSharpNativePatch.EnsureLoadable(OutputDirectory);
                var importance = outcome == NativePatchOutcome.Patched
                    ? Microsoft.Build.Framework.MessageImportance.High
                    : Microsoft.Build.Framework.MessageImportance.Low;
                Log.LogMessage(importance, "TorchSharp native patch ({0}): {1}", TorchSharpNativePatch.MissingVersion, outcome);
                return true;
            }
            catch (Exception e)
            {
                Log.LogError("TorchSharp native patch failed in {0}: {1}", OutputDirectory, e.Message);
                return false;
            }
        }
    }
#endif
}
