package io.slipstream.perf.curves;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A curve's rows as CSV, and its plots: one series per line (a transport, or a transport and a percentile).
 */
final class CurveTable
{
    private static final int PLOT_WIDTH = 1100;
    private static final int PLOT_HEIGHT = 650;

    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    CurveTable(final String... header)
    {
        this.header = List.of(header);
    }

    void add(final Object... cells)
    {
        if (cells.length != header.size())
        {
            throw new IllegalArgumentException(cells.length + " cells for " + header.size() + " columns");
        }
        final List<String> row = new ArrayList<>(cells.length);
        for (final Object cell : cells)
        {
            row.add(cell(cell));
        }
        rows.add(row);
    }

    List<List<String>> rows()
    {
        return rows;
    }

    void writeCsv(final Path file)
    {
        final StringBuilder sb = new StringBuilder(String.join(",", header)).append('\n');
        for (final List<String> row : rows)
        {
            sb.append(String.join(",", row)).append('\n');
        }
        try
        {
            Files.writeString(file, sb, StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private static String cell(final Object value)
    {
        if (value == null)
        {
            return "";
        }
        if (value instanceof Double d)
        {
            return d.isNaN() ? "" : String.format(Locale.ROOT, "%.3f", d);
        }
        final String text = value.toString();
        return text.contains(",") ? '"' + text.replace("\"", "\"\"") + '"' : text;
    }

    /**
     * Lines of a plot: each a name and its points (x, y) in order; points with a y that a log axis cannot show
     * (not positive, NaN) are left out.
     */
    static final class Lines
    {
        private final Map<String, List<double[]>> lines = new LinkedHashMap<>();

        void add(final String line, final double x, final double y)
        {
            if (y > 0 && !Double.isNaN(y) && !Double.isInfinite(y))
            {
                lines.computeIfAbsent(line, key -> new ArrayList<>()).add(new double[]{x, y});
            }
        }

        boolean isEmpty()
        {
            return lines.isEmpty();
        }
    }

    /**
     * Write a PNG line plot of {@code lines}.
     */
    static void plot(
        final Path file,
        final String title,
        final String xTitle,
        final String yTitle,
        final boolean logX,
        final boolean logY,
        final Lines lines)
    {
        final XYChart chart = new XYChartBuilder().width(PLOT_WIDTH).height(PLOT_HEIGHT).title(title)
            .xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        chart.getStyler().setXAxisLogarithmic(logX);
        chart.getStyler().setYAxisLogarithmic(logY);
        chart.getStyler().setMarkerSize(6);
        for (final Map.Entry<String, List<double[]>> line : lines.lines.entrySet())
        {
            final List<Double> xs = new ArrayList<>();
            final List<Double> ys = new ArrayList<>();
            for (final double[] point : line.getValue())
            {
                xs.add(point[0]);
                ys.add(point[1]);
            }
            final XYSeries series = chart.addSeries(line.getKey(), xs, ys);
            series.setMarker(SeriesMarkers.CIRCLE);
        }
        if (lines.isEmpty())
        {
            chart.addSeries("no data", List.of(1.0), List.of(1.0));
        }
        try (OutputStream out = Files.newOutputStream(file))
        {
            BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
