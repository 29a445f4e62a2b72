using System.Globalization;
using System.Net;
using System.Text;

namespace Retain.Core.Reports.Html;

/// <summary>Small hand-written SVG charts: no scripts, no external assets, readable without colour (labels on marks).</summary>
internal static class Svg
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static string E(string text) => WebUtility.HtmlEncode(text);

    /// <summary>A vertical bar chart with a value axis from zero.</summary>
    public static string Bars(string title, IReadOnlyList<string> labels, IReadOnlyList<double> values, Func<double, string> format)
    {
        const int w = 860, h = 260, left = 70, bottom = 40, top = 16;
        var max = Math.Max(values.DefaultIfEmpty(0).Max(), 1e-9);
        var plotH = h - bottom - top;
        var slot = (double)(w - left - 10) / Math.Max(values.Count, 1);
        var sb = Open(title, w, h);
        Axis(sb, left, top, plotH, w, max, format);
        for (var i = 0; i < values.Count; i++)
        {
            var bh = Math.Max(values[i], 0) / max * plotH;
            var x = left + i * slot + slot * 0.15;
            sb.Append(C, $"<rect class=\"bar\" x=\"{x:0.#}\" y=\"{top + plotH - bh:0.#}\" width=\"{slot * 0.7:0.#}\" height=\"{bh:0.#}\"><title>{E(labels[i])}: {E(format(values[i]))}</title></rect>");
            XLabel(sb, labels, i, left + i * slot + slot / 2, h - bottom + 14);
        }
        return sb.Append("</svg>").ToString();
    }

    /// <summary>A line chart of shares (0..1); missing points break the line.</summary>
    public static string Line(string title, IReadOnlyList<string> labels, IReadOnlyList<double?> values)
    {
        const int w = 860, h = 220, left = 70, bottom = 40, top = 16;
        var plotH = h - bottom - top;
        var max = Math.Max(values.Where(v => v is not null).Select(v => v!.Value).DefaultIfEmpty(0).Max(), 0.05);
        max = Math.Min(1, Math.Ceiling(max * 10) / 10);
        var slot = (double)(w - left - 10) / Math.Max(values.Count, 1);
        var sb = Open(title, w, h);
        Axis(sb, left, top, plotH, w, max, v => (v * 100).ToString("0", C) + "%");
        var path = new StringBuilder();
        for (var i = 0; i < values.Count; i++)
        {
            var x = left + i * slot + slot / 2;
            XLabel(sb, labels, i, x, h - bottom + 14);
            if (values[i] is not { } v)
            {
                path.Append(' ');
                continue;
            }
            var y = top + plotH - v / max * plotH;
            path.Append(C, $"{(i == 0 || values[i - 1] is null ? 'M' : 'L')}{x:0.#},{y:0.#} ");
            sb.Append(C, $"<circle class=\"dot\" cx=\"{x:0.#}\" cy=\"{y:0.#}\" r=\"3\"><title>{E(labels[i])}: {v * 100:0.0}%</title></circle>");
        }
        sb.Append(C, $"<path class=\"line\" d=\"{path.ToString().Trim()}\"/>");
        return sb.Append("</svg>").ToString();
    }

    /// <summary>A heatmap: rows × ragged columns of shares, darker = higher, each cell labelled.</summary>
    public static string Heatmap(string title, IReadOnlyList<string> rows, IReadOnlyList<double[]> cells, string columnPrefix)
    {
        var columns = cells.Select(r => r.Length).DefaultIfEmpty(0).Max();
        const int cw = 44, ch = 20, left = 74, top = 22;
        var w = left + columns * cw + 4;
        var h = top + rows.Count * ch + 4;
        var sb = Open(title, w, h);
        for (var k = 0; k < columns; k++)
            sb.Append(C, $"<text class=\"axis\" x=\"{left + k * cw + cw / 2}\" y=\"{top - 7}\" text-anchor=\"middle\">{columnPrefix}{k}</text>");
        for (var r = 0; r < rows.Count; r++)
        {
            var y = top + r * ch;
            sb.Append(C, $"<text class=\"axis\" x=\"{left - 6}\" y=\"{y + 14}\" text-anchor=\"end\">{E(rows[r])}</text>");
            for (var k = 0; k < cells[r].Length; k++)
            {
                var v = cells[r][k];
                var shade = k == 0 ? 0.35 : Math.Min(1, Math.Sqrt(v) * 1.2);
                sb.Append(C, $"<rect x=\"{left + k * cw}\" y=\"{y}\" width=\"{cw - 1}\" height=\"{ch - 1}\" fill=\"rgba(37,99,235,{shade:0.00})\"><title>{E(rows[r])} +{k}: {v * 100:0.0}%</title></rect>");
                sb.Append(C, $"<text class=\"cell{(shade > 0.55 ? " light" : "")}\" x=\"{left + k * cw + cw / 2}\" y=\"{y + 14}\" text-anchor=\"middle\">{v * 100:0}</text>");
            }
        }
        return sb.Append("</svg>").ToString();
    }

    /// <summary>A treemap of weighted, coloured, labelled boxes (recursive split into halves of equal weight).</summary>
    public static string Treemap(string title, IReadOnlyList<(string Label, double Weight, string Color)> items)
    {
        const int w = 860, h = 320;
        var sb = Open(title, w, h);
        var positive = items.Where(i => i.Weight > 0).OrderByDescending(i => i.Weight).ToList();
        Split(sb, positive, 0, 0, w, h);
        return sb.Append("</svg>").ToString();
    }

    private static void Split(StringBuilder sb, List<(string Label, double Weight, string Color)> items, double x, double y, double w, double h)
    {
        if (items.Count == 0)
            return;
        if (items.Count == 1)
        {
            var (label, weight, color) = items[0];
            sb.Append(C, $"<rect x=\"{x:0.#}\" y=\"{y:0.#}\" width=\"{w - 2:0.#}\" height=\"{h - 2:0.#}\" fill=\"{color}\"><title>{E(label)}</title></rect>");
            if (w > 70 && h > 30)
                sb.Append(C, $"<text class=\"tm\" x=\"{x + 6:0.#}\" y=\"{y + 18:0.#}\">{E(label)}</text>");
            return;
        }
        var total = items.Sum(i => i.Weight);
        double acc = 0;
        var cut = 0;
        while (cut < items.Count - 1 && acc + items[cut].Weight <= total / 2)
            acc += items[cut++].Weight;
        if (cut == 0)
            acc = items[cut++].Weight;
        var share = acc / total;
        if (w >= h)
        {
            Split(sb, items[..cut], x, y, w * share, h);
            Split(sb, items[cut..], x + w * share, y, w * (1 - share), h);
        }
        else
        {
            Split(sb, items[..cut], x, y, w, h * share);
            Split(sb, items[cut..], x, y + h * share, w, h * (1 - share));
        }
    }

    private static StringBuilder Open(string title, int w, int h) =>
        new StringBuilder().Append(C, $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"{E(title)}\"><title>{E(title)}</title>");

    private static void Axis(StringBuilder sb, int left, int top, int plotH, int w, double max, Func<double, string> format)
    {
        for (var t = 0; t <= 4; t++)
        {
            var y = top + plotH - plotH * t / 4.0;
            sb.Append(C, $"<line class=\"grid\" x1=\"{left}\" x2=\"{w - 10}\" y1=\"{y:0.#}\" y2=\"{y:0.#}\"/>");
            sb.Append(C, $"<text class=\"axis\" x=\"{left - 6}\" y=\"{y + 4:0.#}\" text-anchor=\"end\">{E(format(max * t / 4))}</text>");
        }
    }

    private static void XLabel(StringBuilder sb, IReadOnlyList<string> labels, int i, double x, double y)
    {
        var every = Math.Max(1, (int)Math.Ceiling(labels.Count / 14.0));
        if (i % every == 0)
            sb.Append(C, $"<text class=\"axis\" x=\"{x:0.#}\" y=\"{y:0.#}\" text-anchor=\"middle\">{E(labels[i])}</text>");
    }
}
