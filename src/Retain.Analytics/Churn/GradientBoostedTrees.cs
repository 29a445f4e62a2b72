using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.LightGbm;

namespace Retain.Analytics.Churn;

/// <summary>
/// The ML.NET LightGBM binary classifier behind the churn model, trained on one thread with a fixed seed so that the
/// same data always give the same trees. It returns raw margins; calibration happens outside on held-out data.
/// </summary>
internal sealed class GradientBoostedTrees
{
    private readonly MLContext _ml;
    private readonly ITransformer _model;
    private readonly ITransformer _contributions;

    private GradientBoostedTrees(MLContext ml, ITransformer model, ITransformer contributions)
    {
        _ml = ml;
        _model = model;
        _contributions = contributions;
    }

    public static GradientBoostedTrees Train(float[] rows, bool[] labels, float[] weights, ChurnOptions options)
    {
        var ml = new MLContext(options.Seed);
        var data = Load(ml, rows, labels, weights);
        var trainer = ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
        {
            LabelColumnName = nameof(Row.Label),
            FeatureColumnName = nameof(Row.Features),
            ExampleWeightColumnName = nameof(Row.Weight),
            NumberOfIterations = options.Trees,
            NumberOfLeaves = options.Leaves,
            LearningRate = options.LearningRate,
            MinimumExampleCountPerLeaf = options.MinimumLeafSize,
            NumberOfThreads = 1,
            Seed = options.Seed,
            UseCategoricalSplit = false,
            HandleMissingValue = true,
            Booster = new GradientBooster.Options { L2Regularization = 1, FeatureFraction = 0.9 },
        });
        var model = trainer.Fit(data);
        var contributions = ml.Transforms.CalculateFeatureContribution(model, numberOfPositiveContributions: ChurnFeatures.Count,
            numberOfNegativeContributions: ChurnFeatures.Count, normalize: false).Fit(model.Transform(data));
        return new GradientBoostedTrees(ml, model, contributions);
    }

    /// <summary>Raw margins (log-odds before calibration), one per row.</summary>
    public double[] Score(float[] rows) =>
        [.. _model.Transform(Load(_ml, rows, null, null)).GetColumn<float>("Score").Select(s => (double)s)];

    /// <summary>Each feature's additive share of each row's margin, row-major.</summary>
    public float[] Contributions(float[] rows)
    {
        var scored = _contributions.Transform(_model.Transform(Load(_ml, rows, null, null)));
        return [.. scored.GetColumn<float[]>("FeatureContributions").SelectMany(c => c)];
    }

    private static IDataView Load(MLContext ml, float[] rows, bool[]? labels, float[]? weights)
    {
        var n = rows.Length / ChurnFeatures.Count;
        var items = new Row[n];
        for (var i = 0; i < n; i++)
        {
            items[i] = new Row
            {
                Features = rows.AsSpan(i * ChurnFeatures.Count, ChurnFeatures.Count).ToArray(),
                Label = labels?[i] ?? false,
                Weight = weights?[i] ?? 1,
            };
        }
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, ChurnFeatures.Count);
        return ml.Data.LoadFromEnumerable(items, schema);
    }

    private sealed class Row
    {
        public float[] Features { get; set; } = [];
        public bool Label { get; set; }
        public float Weight { get; set; }
    }
}
