using System.Collections.Concurrent;
using System.Data.Common;
using Retain.Core.Import;
using Retain.Core.Import.Parsing;

namespace Retain.Server.Dashboard.Import;

public enum ImportJobStatus
{
    Queued,
    Running,
    Succeeded,
    Failed,
}

/// <summary>One import started from the dashboard: its progress while it runs, then its summary or why it failed.</summary>
public sealed class ImportJob(string id, string fileName, string preset, string startedBy, DateTime startedAt)
{
    private volatile StrongBox? _progress;

    public string Id { get; } = id;
    public string FileName { get; } = fileName;
    public string Preset { get; } = preset;
    public string StartedBy { get; } = startedBy;
    public DateTime StartedAt { get; } = startedAt;
    public ImportJobStatus Status { get; internal set; }
    public ImportSummary? Summary { get; internal set; }
    /// <summary>Why it failed; nothing of the file was written then.</summary>
    public string? Error { get; internal set; }
    public ImportProgress? Progress => _progress?.Value;
    public Task Completion { get; internal set; } = Task.CompletedTask;

    internal void Report(ImportProgress progress) => _progress = new StrongBox(progress);

    // A reference, so the progress thread and the page's thread never see a torn struct.
    private sealed record StrongBox(ImportProgress Value);
}

/// <summary>
/// Runs dashboard imports in the background, one at a time (two writers would only queue on the database), so the
/// page can show progress while the file is read. The uploaded file is removed when its import ends, either way.
/// </summary>
public sealed partial class ImportJobs(OrderImporter importer, UploadedFiles uploads, TimeProvider time, ILogger<ImportJobs> logger) : IDisposable
{
    private const int JobsKept = 50;
    private readonly ConcurrentDictionary<string, ImportJob> _jobs = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    public ImportJob? Find(string? id) => id is null ? null : _jobs.GetValueOrDefault(id);

    public ImportJob Start(UploadedFile upload, OrderFileFormat format, string startedBy)
    {
        var job = new ImportJob(upload.Id, upload.FileName, format.Name, startedBy, time.GetUtcNow().UtcDateTime);
        if (!_jobs.TryAdd(job.Id, job))
            return _jobs[job.Id]; // posted twice: the first import is the one
        Prune();
        job.Completion = Task.Run(() => RunAsync(job, upload, format));
        return job;
    }

    private async Task RunAsync(ImportJob job, UploadedFile upload, OrderFileFormat format)
    {
        await _oneAtATime.WaitAsync();
        try
        {
            job.Status = ImportJobStatus.Running;
            var progress = new Reporter(job);
            var summary = await importer.ImportFileAsync(upload.Path, new ImportOptions { Format = format }, progress: progress,
                rejectsPath: upload.Path + UploadedFiles.RejectsSuffix);
            job.Summary = summary with { FileName = upload.FileName, RejectsPath = null }; // the rejects file goes with the upload
            job.Status = ImportJobStatus.Succeeded;
        }
        catch (Exception ex) when (ex is ImportFileException or InvalidOperationException or ArgumentException or DbException or IOException)
        {
            // The importer rolled back and recorded the failed run; the page shows why.
            job.Error = ex.Message;
            job.Status = ImportJobStatus.Failed;
        }
        catch (Exception ex)
        {
            LogUnexpected(ex, upload.FileName);
            job.Error = ex.Message;
            job.Status = ImportJobStatus.Failed;
        }
        finally
        {
            _oneAtATime.Release();
            uploads.Delete(upload.Id);
        }
    }

    public void Dispose() => _oneAtATime.Dispose();

    private void Prune()
    {
        foreach (var old in _jobs.Values.Where(j => j.Completion.IsCompleted).OrderByDescending(j => j.StartedAt).Skip(JobsKept))
            _jobs.TryRemove(old.Id, out _);
    }

    /// <summary>Synchronous, unlike <see cref="Progress{T}"/>: reports land on the job at once, not on a captured context.</summary>
    private sealed class Reporter(ImportJob job) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value) => job.Report(value);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Dashboard import of {File} failed unexpectedly")]
    private partial void LogUnexpected(Exception error, string file);
}
