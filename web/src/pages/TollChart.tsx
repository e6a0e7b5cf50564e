import 'uplot/dist/uPlot.min.css';
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import type { Tolls } from '../api.ts';
import { formatDay, formatNumber, lang, t, term } from '../i18n.ts';

type Figure = Tolls['figures'][number];

/** Groups inside a wider one: stacking a breakdown on its total would count people twice. */
const parents: Record<string, string> = {
  civilians: 'people',
  combatants: 'people',
  unknown: 'people',
  security_forces: 'combatants',
  children: 'civilians',
  women: 'civilians',
  men: 'civilians',
  protesters: 'civilians',
};
const palette = ['#3b6ea5', '#d1495b', '#66a182', '#edae49', '#8d6cab', '#00798c', '#a05a2c', '#555'];

function stackable(present: Set<string>): string[] {
  const covered = (group: string): boolean => {
    for (let p = parents[group]; p; p = parents[p]) if (p !== 'people' && present.has(p)) return true;
    return false;
  };
  return [...present].filter((g) => g !== 'all' && !covered(g)).sort();
}

export interface ChartData {
  days: string[];
  /** Group 'all': low, best, high and provisional per day. */
  total: Map<string, Figure>;
  /** Best per day for each victim group. */
  byGroup: Map<string, Map<string, number>>;
}

export function chartData(totals: Tolls, groups: Tolls): ChartData {
  const total = new Map<string, Figure>();
  for (const f of totals.figures) if (f.period_start) total.set(f.period_start, f);
  const byGroup = new Map<string, Map<string, number>>();
  for (const f of groups.figures) {
    if (!f.period_start || f.victim_group === 'all') continue;
    let days = byGroup.get(f.victim_group);
    if (!days) {
      days = new Map();
      byGroup.set(f.victim_group, days);
    }
    days.set(f.period_start, (days.get(f.period_start) ?? 0) + f.best);
  }
  const days: string[] = [];
  const end = Date.parse(`${totals.query.to}T00:00:00Z`);
  for (let d = Date.parse(`${totals.query.from}T00:00:00Z`); d <= end; d += 86_400_000)
    days.push(new Date(d).toISOString().slice(0, 10));
  return { days, total, byGroup };
}

export function TollChart(props: { data: ChartData; onDay: (day: string) => void }) {
  const box = useRef<HTMLDivElement>(null);
  const { data } = props;
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const xs = data.days.map((d) => Date.parse(`${d}T00:00:00Z`) / 1000);
    const groups = stackable(new Set(data.byGroup.keys()));
    // Cumulative sums, drawn top layer first so each lower layer paints over the one above.
    const layers: number[][] = [];
    let running = data.days.map(() => 0);
    for (const group of groups) {
      const values = data.byGroup.get(group) as Map<string, number>;
      running = running.map((sum, i) => sum + (values.get(data.days[i] as string) ?? 0));
      layers.push(running);
    }
    const low = data.days.map((d) => data.total.get(d)?.low ?? 0);
    const best = data.days.map((d) => data.total.get(d)?.best ?? 0);
    const high = data.days.map((d) => data.total.get(d)?.high ?? 0);
    const provisional = data.days.map((d) => Boolean(data.total.get(d)?.provisional));
    const series: uPlot.Series[] = [{}];
    const columns: uPlot.AlignedData[number][] = [xs];
    for (let i = groups.length - 1; i >= 0; i--) {
      const color = palette[i % palette.length] as string;
      series.push({
        label: term(groups[i] as string),
        stroke: color,
        fill: `${color}aa`,
        width: 1,
        points: { show: false },
      });
      columns.push(layers[i] as number[]);
    }
    const first = series.length;
    series.push(
      { label: t('high'), stroke: '#777', width: 1, dash: [4, 3], points: { show: false } },
      { label: t('low'), stroke: '#777', width: 1, dash: [4, 3], points: { show: false } },
      { label: `${t('best')} (${term('all')})`, stroke: '#111', width: 1.5, points: { show: false } },
    );
    columns.push(high, low, best);
    const width = Math.max(280, element.clientWidth);
    const plot = new uPlot(
      {
        width,
        height: 260,
        series,
        bands: [{ series: [first, first + 1], fill: 'rgba(0,0,0,0.08)' }],
        scales: { x: { time: true } },
        legend: { show: true },
        cursor: { drag: { x: false, y: false } },
        axes: [
          { values: (_u, splits) => splits.map((s) => formatDay(new Date(s * 1000).toISOString())) },
          { values: (_u, splits) => splits.map((s) => formatNumber(s)), size: 56 },
        ],
        hooks: {
          drawClear: [
            (u) => {
              // Provisional days: a light hatch behind the series.
              const { ctx } = u;
              ctx.save();
              ctx.fillStyle = 'rgba(237, 174, 73, 0.18)';
              for (let i = 0; i < xs.length; i++) {
                if (!provisional[i]) continue;
                const x0 = u.valToPos((xs[i] as number) - 43_200, 'x', true);
                const x1 = u.valToPos((xs[i] as number) + 43_200, 'x', true);
                ctx.fillRect(x0, u.bbox.top, Math.max(1, x1 - x0), u.bbox.height);
              }
              ctx.restore();
            },
          ],
        },
      },
      columns as uPlot.AlignedData,
      element,
    );
    const over = plot.over;
    const click = () => {
      const idx = plot.cursor.idx;
      if (idx != null && data.days[idx]) props.onDay(data.days[idx] as string);
    };
    over.addEventListener('click', click);
    const resize = new ResizeObserver(() =>
      plot.setSize({ width: Math.max(280, element.clientWidth), height: 260 }),
    );
    resize.observe(element);
    return () => {
      resize.disconnect();
      over.removeEventListener('click', click);
      plot.destroy();
    };
  }, [data, lang.value]);

  const sum = (values: Array<number | undefined>) => values.reduce<number>((a, b) => a + (b ?? 0), 0);
  const totals = [...data.total.values()];
  const provisionalDays = totals.filter((f) => f.provisional).length;
  return (
    <figure class="chart">
      <div
        ref={box}
        dir="ltr"
        class="chart-box"
        role="img"
        aria-label={`${t('tollsOverTime')}: ${t('best')} ${formatNumber(sum(totals.map((f) => f.best)))}, ${t('low')} ${formatNumber(sum(totals.map((f) => f.low)))}, ${t('high')} ${formatNumber(sum(totals.map((f) => f.high)))}`}
      />
      <figcaption>
        {t('tollChartNote')} {provisionalDays > 0 && `${t('provisional')}: ${formatNumber(provisionalDays)}`}
      </figcaption>
    </figure>
  );
}
