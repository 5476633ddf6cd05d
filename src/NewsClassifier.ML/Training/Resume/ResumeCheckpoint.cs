using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using static TorchSharp.torch;

namespace NewsClassifier.ML.Training.Resume;

/// <summary>
/// The state a Torch run needs to continue after its last complete epoch, in <c>resume/</c> under the run's folder:
/// <c>weights.safetensors</c> (the trainable parameters now; a frozen body is reloaded from the pretrained folder),
/// <c>best.safetensors</c> (the best epoch's, when early stopping keeps them), <c>optimizer.dat</c> (TorchSharp's
/// <c>save_state_dict</c>: Adam/AdamW moments and step counts), <c>generator.dat</c> (the model's dropout generator) and
/// <c>state.json</c> (<see cref="ResumeState"/>: loop state, whom it belongs to, each file's length and SHA-256). So a run
/// keeps one last and one best checkpoint, whatever its number of epochs.
/// <para>
/// Written atomically: every file goes to <c>resume.tmp/</c> and is fsynced, <c>state.json</c> last; then the complete
/// <c>resume/</c> is renamed to <c>resume.old/</c>, <c>resume.tmp/</c> to <c>resume/</c>, and <c>resume.old/</c> is deleted.
/// A crash at any point leaves one complete checkpoint: <c>resume/</c>, or <c>resume.old/</c> between the two renames
/// (<see cref="Open"/> reads either); a <c>resume.tmp/</c> is never read and is cleared by the next save.
/// </para>
/// </summary>
public static class ResumeCheckpoint
{
    public const string StateFile = "state.json";
    public const string WeightsFile = "weights.safetensors";
    public const string BestFile = "best.safetensors";
    public const string OptimizerFile = "optimizer.dat";
    public const string GeneratorFile = "generator.dat";

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static string CurrentDirectory(string artifactDirectory) => Path.Combine(artifactDirectory, RunFolders.Resume);
    public static string TemporaryDirectory(string artifactDirectory) => CurrentDirectory(artifactDirectory) + ".tmp";
    public static string PreviousDirectory(string artifactDirectory) => CurrentDirectory(artifactDirectory) + ".old";

    /// <summary>Writes the checkpoint of the epoch <paramref name="loop"/> ends, replacing the previous one only once it is complete on disk.</summary>
    public static void Save(string artifactDirectory, ResumeIdentity identity, LoopState loop, ITorchTrainingRun run, BestWeights best)
    {
        var target = CurrentDirectory(artifactDirectory);
        var temporary = TemporaryDirectory(artifactDirectory);
        var previous = PreviousDirectory(artifactDirectory);
        if (Directory.Exists(temporary)) Directory.Delete(temporary, recursive: true);
        Directory.CreateDirectory(temporary);

        var files = new Dictionary<string, ResumeFile>(StringComparer.Ordinal);
        void Add(string name, Action<string> write)
        {
            var path = Path.Combine(temporary, name);
            write(path);
            files[name] = Seal(path);
        }
        Add(WeightsFile, path => SafeTensors.Write(path, Trainable(run.Model)));
        if (loop.BestWeightsEpoch > 0) Add(BestFile, path => SafeTensors.Write(path, best.Saved));
        Add(OptimizerFile, path => StateOf(run.Optimizer).save_state_dict(path));
        Add(GeneratorFile, path => File.WriteAllBytes(path, GeneratorState(run.Generator)));
        var state = new ResumeState(ResumeState.CurrentFormat, identity, loop, files);
        File.WriteAllText(Path.Combine(temporary, StateFile), JsonSerializer.Serialize(state, Json));
        Seal(Path.Combine(temporary, StateFile));

        if (Directory.Exists(target))
        {
            if (Directory.Exists(previous)) Directory.Delete(previous, recursive: true);
            Directory.Move(target, previous);
        }
        Directory.Move(temporary, target);
        if (Directory.Exists(previous)) Directory.Delete(previous, recursive: true);
    }

    /// <summary>
    /// The complete checkpoint under the run's folder, verified file by file against its <c>state.json</c>: <c>resume/</c>,
    /// else <c>resume.old/</c> (a crash between the two renames of <see cref="Save"/>). When one exists but cannot be used
    /// (truncated, altered, unreadable), <see cref="ResumeOpen.Problem"/> says why and the run trains from the start.
    /// </summary>
    public static ResumeOpen Open(string artifactDirectory)
    {
        var problems = new List<string>();
        foreach (var directory in new[] { CurrentDirectory(artifactDirectory), PreviousDirectory(artifactDirectory) })
        {
            if (!Directory.Exists(directory)) continue;
            try
            {
                return new ResumeOpen(directory, ReadVerified(directory), null);
            }
            catch (Exception e) when (e is IOException or InvalidDataException or JsonException or UnauthorizedAccessException)
            {
                problems.Add($"{Path.GetFileName(directory)}/: {e.Message}");
            }
        }
        return new ResumeOpen(null, null, problems.Count == 0 ? null : string.Join("; ", problems));
    }

    /// <summary>Where the run would continue, or null when it has no usable checkpoint (what the run trainer keeps of the metric history).</summary>
    public static ResumePoint? Peek(string artifactDirectory) =>
        Open(artifactDirectory).State?.Loop is { } loop ? new ResumePoint(loop.Epoch, loop.Epochs, loop.GlobalStep, loop.BestEpoch) : null;

    /// <summary>
    /// Loads the checkpoint into a run built afresh from the same seed: trainable parameters, best weights, optimiser state
    /// and generator. Refuses (<see cref="ResumeMismatchException"/>) a checkpoint written for another recipe, parameter
    /// set, data or model before touching anything.
    /// </summary>
    public static void Restore(ResumeOpen opened, ResumeIdentity identity, ITorchTrainingRun run, BestWeights best)
    {
        var state = opened.State ?? throw new InvalidOperationException("No checkpoint to restore.");
        var differences = state.Identity.DifferencesFrom(identity);
        if (differences.Count > 0)
            throw new ResumeMismatchException($"The checkpoint of epoch {state.Loop.Epoch} in {opened.Directory} does not belong to this run: " +
                                              $"{string.Join("; ", differences)}. Delete that folder to train the run from the start.");
        string In(string file) => Path.Combine(opened.Directory!, file);

        using (var weights = SafeTensors.Read(In(WeightsFile)))
        {
            CopyInto(run.Model, weights.Tensors, WeightsFile);
        }
        if (state.Loop.BestWeightsEpoch > 0)
        {
            using var saved = SafeTensors.Read(In(BestFile));
            best.Load(saved.Tensors);
        }
        StateOf(run.Optimizer).load_state_dict(In(OptimizerFile));
        var generatorState = File.ReadAllBytes(In(GeneratorFile));
        using var stateTensor = tensor(generatorState, dtype: ScalarType.Byte);
        run.Generator.set_state(stateTensor);
    }

    /// <summary>The loop state of the folder's state.json as written, unverified (for display); null when absent or unreadable.</summary>
    public static LoopState? ReadLoopState(string directory)
    {
        try
        {
            var path = Path.Combine(directory, StateFile);
            return File.Exists(path) ? JsonSerializer.Deserialize<ResumeState>(File.ReadAllText(path), Json)?.Loop : null;
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Removes every resume folder of the run (after it succeeded: <c>model/</c> is what stays).</summary>
    public static void Delete(string artifactDirectory)
    {
        foreach (var directory in new[] { CurrentDirectory(artifactDirectory), TemporaryDirectory(artifactDirectory), PreviousDirectory(artifactDirectory) })
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
    }

    private static ResumeState ReadVerified(string directory)
    {
        var statePath = Path.Combine(directory, StateFile);
        if (!File.Exists(statePath)) throw new InvalidDataException($"{StateFile} is missing");
        var state = JsonSerializer.Deserialize<ResumeState>(File.ReadAllText(statePath), Json)
            ?? throw new InvalidDataException($"{StateFile} is empty");
        if (state.Format != ResumeState.CurrentFormat)
            throw new InvalidDataException($"{StateFile} has format '{state.Format}', expected '{ResumeState.CurrentFormat}'");
        if (state.Identity is null || state.Loop is null || state.Files is null || state.Loop.History is null)
            throw new InvalidDataException($"{StateFile} is incomplete");
        if (state.Loop.Epoch < 1 || state.Loop.History.Count != state.Loop.Epoch)
            throw new InvalidDataException($"{StateFile} has epoch {state.Loop.Epoch} but {state.Loop.History.Count} epochs of history");
        foreach (var required in new[] { WeightsFile, OptimizerFile, GeneratorFile }.Concat(state.Loop.BestWeightsEpoch > 0 ? [BestFile] : []))
            if (!state.Files.ContainsKey(required)) throw new InvalidDataException($"{StateFile} lists no {required}");
        foreach (var (name, expected) in state.Files)
        {
            var path = Path.Combine(directory, name);
            if (Path.GetFileName(name) != name) throw new InvalidDataException($"{StateFile} names a file outside the folder: '{name}'");
            if (!File.Exists(path)) throw new InvalidDataException($"{name} is missing");
            var actual = Describe(path);
            if (actual.Length != expected.Length)
                throw new InvalidDataException($"{name} has {actual.Length:N0} bytes, {expected.Length:N0} were written (truncated?)");
            if (actual.Sha256 != expected.Sha256) throw new InvalidDataException($"{name} does not match the SHA-256 it was written with");
        }
        return state;
    }

    /// <summary>Forces the file to disk (the rename that publishes it must not reach the disk before its data) and describes it.</summary>
    private static ResumeFile Seal(string path)
    {
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
        {
            stream.Flush(flushToDisk: true);
        }
        return Describe(path);
    }

    private static ResumeFile Describe(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan);
        var hash = SHA256.HashData(stream);
        return new ResumeFile(stream.Length, Convert.ToHexStringLower(hash));
    }

    private static Dictionary<string, Tensor> Trainable(nn.Module model) =>
        model.named_parameters().Where(n => n.parameter.requires_grad).ToDictionary(n => n.name, n => (Tensor)n.parameter);

    private static void CopyInto(nn.Module model, IReadOnlyDictionary<string, Tensor> saved, string file)
    {
        var trainable = model.named_parameters().Where(n => n.parameter.requires_grad).ToList();
        var names = trainable.Select(n => n.name).ToHashSet(StringComparer.Ordinal);
        if (!names.SetEquals(saved.Keys))
            throw new ResumeMismatchException($"{file} holds other parameters than the model trains ({saved.Count} saved, {names.Count} trainable).");
        using var _ = no_grad();
        foreach (var (name, parameter) in trainable)
        {
            var value = saved[name];
            if (!value.shape.SequenceEqual(parameter.shape))
                throw new ResumeMismatchException($"{file}: {name} has shape [{string.Join(",", value.shape)}], the model's is [{string.Join(",", parameter.shape)}].");
            parameter.copy_(value);
        }
    }

    /// <summary>Adam, AdamW and SGD all derive from OptimizerHelper, which carries TorchSharp's state-dict save and load.</summary>
    private static TorchSharp.Modules.OptimizerHelper StateOf(optim.Optimizer optimizer) =>
        optimizer as TorchSharp.Modules.OptimizerHelper
        ?? throw new NotSupportedException($"{optimizer.GetType().Name} cannot save its state for a resume checkpoint.");

    private static byte[] GeneratorState(Generator generator)
    {
        using var state = generator.get_state();
        return state.data<byte>().ToArray();
    }
}
