// The chart of a feature under its price: candlesticks and volume in the top pane, each output column in its own
// pane below on the same time axis. Warm-up nulls are whitespace points, so they draw as gaps, never as zeros.
import { createChart, CandlestickSeries, HistogramSeries, LineSeries } from '../vendor/lightweight-charts/lightweight-charts.standalone.production.mjs';

const COLOURS = ['#0a58ca', '#b42318', '#1a7f37', '#8250df', '#bc4c00', '#0969da', '#cf222e'];
const PRICE_PANE_HEIGHT = 320;
const OUTPUT_PANE_HEIGHT = 140;

const toTime = (iso) => Math.floor(Date.parse(iso) / 1000);

/** A chart value from a dataset cell: numbers as they are, booleans as 0/1, null (and text) as a gap. */
function toValue(cell) {
  if (typeof cell === 'number') return cell;
  if (typeof cell === 'boolean') return cell ? 1 : 0;
  return null;
}

/**
 * Draws `bars` (from /market-data/.../bars) and `rows` (the dataset as JSON rows) into `container`.
 * `outputs` are the plugin's output descriptors: text columns are left to the table. Columns named in `overlays`
 * (moving averages, bands: the descriptor's unit "price", or the reader's choice) are drawn over the candles instead
 * of in a pane of their own.
 * Returns { dispose(), data() }: data() reads every series back from the chart (the browser tests use it).
 */
export function drawFeatureChart(container, bars, rows, outputs, overlays = new Set()) {
  const columns = outputs.filter((o) => o.type !== 'string').map((o) => o.name);
  const panes = columns.filter((name) => !overlays.has(name));
  container.style.height = `${PRICE_PANE_HEIGHT + OUTPUT_PANE_HEIGHT * panes.length + 30}px`;
  const chart = createChart(container, {
    autoSize: true,
    layout: { attributionLogo: true, textColor: '#1b1f24', background: { color: '#ffffff' }, panes: { separatorColor: '#d0d7de' } },
    grid: { vertLines: { color: '#eef1f4' }, horzLines: { color: '#eef1f4' } },
    timeScale: { timeVisible: bars.length > 1 && toTime(bars[1].timestamp) - toTime(bars[0].timestamp) < 86_400, borderColor: '#d0d7de' },
    rightPriceScale: { borderColor: '#d0d7de' },
  });

  const candles = chart.addSeries(CandlestickSeries, {
    upColor: '#1a7f37', downColor: '#b42318', borderVisible: false, wickUpColor: '#1a7f37', wickDownColor: '#b42318', title: 'price',
  });
  candles.setData(bars.map((b) => ({ time: toTime(b.timestamp), open: b.open, high: b.high, low: b.low, close: b.close })));

  // Volume on its own scale at the foot of the price pane.
  const volume = chart.addSeries(HistogramSeries, { priceScaleId: 'volume', priceFormat: { type: 'volume' }, color: '#8c959f', title: 'volume' });
  volume.priceScale().applyOptions({ scaleMargins: { top: 0.8, bottom: 0 } });
  volume.setData(bars.map((b) => ({ time: toTime(b.timestamp), value: b.volume, color: b.close >= b.open ? '#9be9a8' : '#ffaba8' })));

  const lines = {};
  columns.forEach((name, i) => {
    const pane = overlays.has(name) ? 0 : panes.indexOf(name) + 1;
    const series = chart.addSeries(LineSeries, { color: COLOURS[i % COLOURS.length], lineWidth: 2, title: name, priceLineVisible: false }, pane);
    const points = rows.map((row) => {
      const value = toValue(row[name]);
      return value === null ? { time: toTime(row.timestamp) } : { time: toTime(row.timestamp), value };
    });
    series.setData(points);
    lines[name] = { series, points };
  });
  // Stretch factors, not pixel heights: the container's size is applied later (autoSize), and pixel heights set
  // before that squeezed all but the last of several output panes.
  chart.panes().forEach((pane, i) => pane.setStretchFactor(i === 0 ? PRICE_PANE_HEIGHT : OUTPUT_PANE_HEIGHT));
  chart.timeScale().fitContent();

  return {
    dispose: () => chart.remove(),
    data: () => ({
      panes: chart.panes().length,
      candles: candles.data().map((p) => ({ time: p.time, open: p.open, high: p.high, low: p.low, close: p.close })),
      volume: volume.data().map((p) => ({ time: p.time, value: p.value })),
      // The pane each output is drawn in, as the chart has it (0: over the candles).
      pane: Object.fromEntries(Object.entries(lines).map(([name, line]) => [name, line.series.getPane().paneIndex()])),
      // Every point handed to the series, one per row (gaps as value null) ...
      outputs: Object.fromEntries(Object.entries(lines).map(([name, line]) =>
        [name, line.points.map((p) => ({ time: p.time, value: 'value' in p ? p.value : null }))])),
      // ... and what the series holds to draw: the valued points (leading whitespace is not kept by the library).
      drawn: Object.fromEntries(Object.entries(lines).map(([name, line]) =>
        [name, line.series.data().filter((p) => 'value' in p).map((p) => ({ time: p.time, value: p.value }))])),
    }),
  };
}
