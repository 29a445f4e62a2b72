using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using Retain.Analytics.Clv;

namespace Retain.Bench;

/// <summary>
/// `dotnet run -c Release --project bench/Retain.Bench -- clv &lt;synthetic csv.gz&gt; [--scale N]`: times the CLV fits
/// and predictions on the synthetic 1M summaries (EVALUATION.md §2) with Stopwatch medians of 3. `--scale N`
/// repeats the rows N times (10 → 10M customers) to check memory and speed at that size.
/// </summary>
internal static class ClvSuite
{
    public static int Run(string[] args)
    {
        if (args.Length < 1 || !File.Exists(args[0]))
        {
            Console.Error.WriteLine("usage: clv <synthetic_bgnbd_1m_seed20240601.csv.gz> [--scale N] [--quick]");
            return 2;
        }
        var scale = args.Length > 2 && args[1] == "--scale" ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1;
        var quick = args.Contains("--quick") || scale > 1;
        var runs = quick ? 1 : 3;
        Console.WriteLine($"cores {Environment.ProcessorCount}, runs {runs}, scale ×{scale}");

        var sw = Stopwatch.StartNew();
        var data = Read(args[0], scale);
        Console.WriteLine($"read {data.Length:N0} customers in {sw.Elapsed.TotalSeconds:F2} s");

        if (args.Contains("--gamma-gamma-only"))
        {
            // For side-by-side runs of two builds on a busy machine: only the spend fit, median of 5.
            var only = Median("Gamma-Gamma fit", 5, () => GammaGammaModel.Fit(data));
            Report(only.Parameters.ToArray(), only.Diagnostics!, "lifetimes 6.233, 3.737, 15.4986, 1.1 s");
            return 0;
        }
        var bg = Median("BG/NBD fit", runs, () => BgNbdModel.Fit(data));
        Report(bg.ParameterValues, bg.Diagnostics!, "lifetimes 0.2423, 4.4091, 0.7933, 2.4289, LL −4,109,671.67 (×scale), 7.1 s");

        var gg = Median("Gamma-Gamma fit", runs, () => GammaGammaModel.Fit(data));
        Report(gg.Parameters.ToArray(), gg.Diagnostics!, "lifetimes 6.233, 3.737, 15.4986, 1.1 s");

        ParetoNbdModel? pareto = null;
        if (scale == 1)
        {
            pareto = Median("Pareto/NBD fit", runs, () => ParetoNbdModel.Fit(data));
            Report(pareto.ParameterValues, pareto.Diagnostics!, "no lifetimes figure at this size");
        }

        var total = Median("E[X(39)] for all customers (BG/NBD; lifetimes 0.33 s for 1M)", runs, () =>
        {
            var sum = 0.0;
            var result = new double[data.Length];
            Parallel.For(0, (data.Length + 65_535) / 65_536, c =>
            {
                var end = Math.Min(data.Length, (c + 1) * 65_536);
                for (var i = c * 65_536; i < end; i++)
                    result[i] = bg.ExpectedPurchases(data[i], 39);
            });
            foreach (var v in result)
                sum += v;
            return sum;
        });
        Console.WriteLine($"    Σ E[X(39)] = {total:F1}");
        if (pareto is null)
        {
            PrintPeak();
            return 0;
        }
        var options = new PredictionOptions { Horizon = 39, ValuePeriods = 12, PeriodLength = 30.0 / 7, DiscountRate = 0.01 };
        Median("P(alive), E[X(39)], P(no purchase in 39), 12-month CLV (BG/NBD + Gamma-Gamma)", runs,
            () => new ClvPredictor(bg, gg, options).PredictPoints(data));
        Median("P(alive), E[X(39)], P(no purchase in 39) (Pareto/NBD)", runs,
            () => new ClvPredictor(pareto, null, options).PredictPoints(data));
        Median("one customer with intervals (500 draws)", runs, () => new ClvPredictor(bg, gg, options).Predict(data[0]));

        PrintPeak();
        return 0;
    }

    private static void PrintPeak()
    {
        using var process = Process.GetCurrentProcess();
        Console.WriteLine($"peak working set {process.PeakWorkingSet64 / 1048576.0:F0} MB");
    }

    private static T Median<T>(string name, int runs, Func<T> work)
    {
        // CPU seconds beside wall seconds: on a shared, overloaded machine the wall clock mostly measures the others.
        var times = new List<double>();
        var cpu = new List<double>();
        T result = default!;
        using var process = Process.GetCurrentProcess();
        for (var i = 0; i < runs; i++)
        {
            process.Refresh();
            var cpu0 = process.TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            result = work();
            times.Add(sw.Elapsed.TotalSeconds);
            process.Refresh();
            cpu.Add((process.TotalProcessorTime - cpu0).TotalSeconds);
        }
        times.Sort();
        cpu.Sort();
        Console.WriteLine($"{name}: median {times[times.Count / 2]:F3} s wall, {cpu[cpu.Count / 2]:F3} s CPU  " +
            $"(wall runs: {string.Join(", ", times.Select(t => t.ToString("F3", CultureInfo.InvariantCulture)))})");
        return result;
    }

    private static void Report(IReadOnlyList<double> parameters, FitDiagnostics d, string reference)
    {
        var ps = string.Join(", ", parameters.Select(v => v.ToString("G5", CultureInfo.InvariantCulture)));
        var se = string.Join(", ", d.StandardErrors.Select(v => v.ToString("G2", CultureInfo.InvariantCulture)));
        Console.WriteLine($"    parameters {ps} (se {se}), LL {d.LogLikelihood.ToString("F2", CultureInfo.InvariantCulture)}, " +
            $"{d.Iterations} iterations, {d.Evaluations} evaluations, converged {d.Converged}{(d.Warning is null ? "" : ", " + d.Warning)}");
        Console.WriteLine($"    {reference}");
    }

    /// <summary>Reads `customer_id,frequency,recency,T,monetary_value`, repeating the rows <paramref name="scale"/> times.</summary>
    private static CustomerSummary[] Read(string path, int scale)
    {
        var rows = new List<CustomerSummary>(1_000_000);
        using var reader = new StreamReader(new GZipStream(File.OpenRead(path), CompressionMode.Decompress));
        reader.ReadLine();
        Span<Range> parts = stackalloc Range[5];
        while (reader.ReadLine() is { } line)
        {
            var span = line.AsSpan();
            if (span.Split(parts, ',') < 5)
                continue;
            rows.Add(new CustomerSummary(
                (int)double.Parse(span[parts[1]], CultureInfo.InvariantCulture),
                double.Parse(span[parts[2]], CultureInfo.InvariantCulture),
                double.Parse(span[parts[3]], CultureInfo.InvariantCulture),
                double.Parse(span[parts[4]], CultureInfo.InvariantCulture)));
        }
        var result = new CustomerSummary[rows.Count * scale];
        for (var k = 0; k < scale; k++)
            rows.CopyTo(result, k * rows.Count);
        return result;
    }
}
