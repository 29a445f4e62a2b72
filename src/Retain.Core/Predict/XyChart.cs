using System.Globalization;
using System.Text;
using Retain.Core.Reports.Html;

namespace Retain.Core.Predict;

/// <summary>One line of an <see cref="XyChart"/>: its legend name, colour, points, and whether it is dashed.</summary>
public sealed record XySeries(string Name, string Color, IReadOnlyList<(double X, double Y)> Points, bool Dashed = false, bool Markers = false);

/// <summary>
/// A hand-written SVG line chart with numeric axes, a legend, an optional diagonal (for calibration and ROC plots) and
/// an optional vertical marker (the calibration cutoff in a tracking plot). No scripts, no external resources.
/// </summary>
public static class XyChart
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;
    private const int W = 860, H = 300, Left = 70, Right = 16, Top = 16, Bottom = 56;

    public static string Render(string title, IReadOnlyList<XySeries> series, string xLabel, string yLabel,
        Func<double, string> xFormat, Func<double, string> yFormat, (double Min, double Max)? x = null, (double Min, double Max)? y = null,
        bool diagonal = false, (double X, string Label)? marker = null)
    {
        var points = series.SelectMany(s => s.Points).Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y)).ToList();
        var (x0, x1) = x ?? (points.Count == 0 ? (0, 1) : (points.Min(p => p.X), points.Max(p => p.X)));
        var (y0, y1) = y ?? (0, points.Count == 0 ? 1 : Math.Max(points.Max(p => p.Y), 1e-9) * 1.05);
        if (x1 <= x0)
            x1 = x0 + 1;
        double plotW = W - Left - Right, plotH = H - Top - Bottom;
        double Px(double v) => Left + (v - x0) / (x1 - x0) * plotW;
        double Py(double v) => Top + plotH - (v - y0) / (y1 - y0) * plotH;

        var sb = new StringBuilder().Append(C, $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {W} {H}\" role=\"img\" aria-label=\"{Svg.E(title)}\"><title>{Svg.E(title)}</title>");
        for (var t = 0; t <= 4; t++)
        {
            var gy = Top + plotH - plotH * t / 4;
            sb.Append(C, $"<line class=\"grid\" x1=\"{Left}\" x2=\"{W - Right}\" y1=\"{gy:0.#}\" y2=\"{gy:0.#}\"/>");
            sb.Append(C, $"<text class=\"axis\" x=\"{Left - 6}\" y=\"{gy + 4:0.#}\" text-anchor=\"end\">{Svg.E(yFormat(y0 + (y1 - y0) * t / 4))}</text>");
            var gx = Left + plotW * t / 4;
            sb.Append(C, $"<text class=\"axis\" x=\"{gx:0.#}\" y=\"{Top + plotH + 14:0.#}\" text-anchor=\"middle\">{Svg.E(xFormat(x0 + (x1 - x0) * t / 4))}</text>");
        }
        sb.Append(C, $"<text class=\"axis\" x=\"{Left + plotW / 2:0.#}\" y=\"{H - 24}\" text-anchor=\"middle\">{Svg.E(xLabel)}</text>");
        sb.Append(C, $"<text class=\"axis\" x=\"12\" y=\"{Top + plotH / 2:0.#}\" transform=\"rotate(-90 12 {Top + plotH / 2:0.#})\" text-anchor=\"middle\">{Svg.E(yLabel)}</text>");
        if (diagonal)
            sb.Append(C, $"<line x1=\"{Px(Math.Max(x0, y0)):0.#}\" y1=\"{Py(Math.Max(x0, y0)):0.#}\" x2=\"{Px(Math.Min(x1, y1)):0.#}\" y2=\"{Py(Math.Min(x1, y1)):0.#}\" stroke=\"#9ca3af\" stroke-dasharray=\"4 4\"/>");
        if (marker is { } m && m.X >= x0 && m.X <= x1)
        {
            sb.Append(C, $"<line x1=\"{Px(m.X):0.#}\" x2=\"{Px(m.X):0.#}\" y1=\"{Top}\" y2=\"{Top + plotH:0.#}\" stroke=\"#6b7280\" stroke-dasharray=\"2 3\"/>");
            sb.Append(C, $"<text class=\"axis\" x=\"{Px(m.X) + 4:0.#}\" y=\"{Top + 10}\">{Svg.E(m.Label)}</text>");
        }
        foreach (var s in series)
        {
            var path = new StringBuilder();
            var pen = 'M';
            foreach (var (px, py) in s.Points)
            {
                if (!double.IsFinite(px) || !double.IsFinite(py))
                {
                    pen = 'M';
                    continue;
                }
                path.Append(C, $"{pen}{Px(px):0.#},{Py(py):0.#} ");
                pen = 'L';
                if (s.Markers)
                    sb.Append(C, $"<circle cx=\"{Px(px):0.#}\" cy=\"{Py(py):0.#}\" r=\"3\" fill=\"{s.Color}\"><title>{Svg.E(s.Name)}: {Svg.E(xFormat(px))}, {Svg.E(yFormat(py))}</title></circle>");
            }
            sb.Append(C, $"<path d=\"{path.ToString().Trim()}\" fill=\"none\" stroke=\"{s.Color}\" stroke-width=\"2\"{(s.Dashed ? " stroke-dasharray=\"6 4\"" : "")}><title>{Svg.E(s.Name)}</title></path>");
        }
        double lx = Left;
        foreach (var s in series)
        {
            sb.Append(C, $"<line x1=\"{lx:0.#}\" x2=\"{lx + 18:0.#}\" y1=\"{H - 8}\" y2=\"{H - 8}\" stroke=\"{s.Color}\" stroke-width=\"3\"{(s.Dashed ? " stroke-dasharray=\"6 4\"" : "")}/>");
            sb.Append(C, $"<text x=\"{lx + 22:0.#}\" y=\"{H - 4}\">{Svg.E(s.Name)}</text>");
            lx += 40 + s.Name.Length * 6.5;
        }
        return sb.Append("</svg>").ToString();
    }
}
