namespace Retain.Testing;

/// <summary>Finds the public datasets of ../shared/data (EVALUATION.md) beside the repository.</summary>
public static class Datasets
{
    /// <summary>The shared data folder: <c>RETAIN_SHARED_DATA</c>, or the first <c>shared/data</c> found walking up.</summary>
    public static string? DataDirectory { get; } = Locate();

    public static string OnlineRetailII => Require(Path.Combine("online_retail_ii", "online_retail_II.csv.gz"));
    public static string CdnowSample => Require(Path.Combine("cdnow", "CDNOW_sample.txt"));
    public static string CdnowMaster => Require(Path.Combine("cdnow", "CDNOW_master.txt"));
    public static string CdnowSummary => Require(Path.Combine("cdnow", "cdnow_customers_summary_with_transactions.csv"));
    public static string Synthetic1M => Require(Path.Combine("synthetic_bgnbd_1m", "synthetic_bgnbd_1m_seed20240601.csv.gz"));

    /// <summary>The full path of a dataset file, or skips the test (fails it under RETAIN_REQUIRE_ALL) when absent.</summary>
    public static string Require(string relativePath)
    {
        if (DataDirectory is null)
        {
            Requirements.Unavailable("the public datasets (../shared/data) are not beside this checkout; set RETAIN_SHARED_DATA to their folder");
            throw new InvalidOperationException("unreachable");
        }
        var path = Path.Combine(DataDirectory, relativePath);
        if (!File.Exists(path))
            Requirements.Unavailable($"dataset file {path} is missing");
        return path;
    }

    private static string? Locate()
    {
        var fromEnv = Environment.GetEnvironmentVariable("RETAIN_SHARED_DATA");
        if (!string.IsNullOrEmpty(fromEnv))
            return Directory.Exists(fromEnv) ? fromEnv : null;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "data");
            if (Directory.Exists(candidate))
                return candidate;
        }
        return null;
    }
}
