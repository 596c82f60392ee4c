/**
 * Scalars: one chart per tag, the shown runs overlaid (or seeds grouped as mean ± band). The
 * charts the doctor points at come first, in an open group; smoothing, y scale (by itself log
 * when the values span decades), x as step or time, a tag filter. A tag opened from a link shows alone without changing the filter.
 */
import { LineChart, type XAxis, type YScale } from '../charts/line.js';
import { h } from '../dom.js';
import { chartId } from '../format.js';
import { tagHelp } from '../tag-help.js';
import { scalarGroups } from '../tags.js';
import { card, focus, linkedTag } from './common.js';
import { tagView } from './tag-view.js';
import type { Panel, PanelContext, PanelView } from './types.js';

const settings = { smoothing: 0.6, scale: 'auto' as YScale, filter: '', xAxis: 'step' as XAxis };

const SCALE_TEXT: Record<YScale, string> = {
  auto: 'auto (log when values span decades)',
  linear: 'linear',
  log: 'log',
};

export const scalarsPanel: Panel = {
  id: 'scalars',
  title: 'Scalars',
  mount(el: HTMLElement, ctx: PanelContext): PanelView {
    const linked = linkedTag(ctx, 'scalars');
    const charts = new Set<LineChart>();
    const content = h('div.groups');
    const filter = h('input.filter', {
      type: 'search',
      placeholder: 'filter tags (regex)',
      'aria-label': 'filter tags',
      value: settings.filter,
    });
    const smoothing = h('input', {
      type: 'range',
      min: 0,
      max: 0.99,
      step: 0.01,
      value: settings.smoothing,
      'aria-label': 'smoothing',
    });
    const smoothingLabel = h('span.value', {}, settings.smoothing.toFixed(2));
    const scale = h(
      'select',
      { 'aria-label': 'y scale' },
      ...(Object.keys(SCALE_TEXT) as YScale[]).map((v) =>
        h('option', { value: v, selected: settings.scale === v }, SCALE_TEXT[v]),
      ),
    );
    const xAxis = h(
      'select',
      { 'aria-label': 'x axis' },
      ...(['step', 'relative', 'wall'] as const).map((v) =>
        h(
          'option',
          { value: v, selected: settings.xAxis === v },
          { step: 'step', relative: 'time since start', wall: 'wall clock' }[v],
        ),
      ),
    );
    filter.addEventListener('input', () => {
      settings.filter = filter.value;
      tv.render();
    });
    smoothing.addEventListener('input', () => {
      settings.smoothing = Number(smoothing.value);
      smoothingLabel.textContent = settings.smoothing.toFixed(2);
      for (const c of charts) c.setOptions({ smoothing: settings.smoothing });
    });
    scale.addEventListener('change', () => {
      settings.scale = scale.value as YScale;
      for (const c of charts) c.setOptions({ scale: settings.scale });
    });
    xAxis.addEventListener('change', () => {
      settings.xAxis = xAxis.value as XAxis;
      for (const c of charts) c.setOptions({ xAxis: settings.xAxis });
    });
    el.append(
      h(
        'div.toolbar',
        {},
        linked.chip ?? filter,
        h('label', {}, 'smoothing ', smoothing, smoothingLabel),
        h('label', {}, 'y ', scale),
        h('label', {}, 'x ', xAxis),
      ),
      content,
    );

    const chartCard = (tag: string, runs: string[], idPrefix = '') => {
      const c = card(`${idPrefix}${chartId('scalars', tag)}`, tag);
      tv.charts().lazy(c.el, () => {
        const chart = new LineChart(c.body, {
          smoothing: settings.smoothing,
          scale: settings.scale,
          xAxis: settings.xAxis,
          yLabel: tagHelp(tag)?.axis,
          title: tag,
        });
        charts.add(chart);
        c.exports(chart);
        return {
          runs,
          refresh: async () => {
            const data = new Map(
              await Promise.all(runs.map(async (r) => [r, (await ctx.api.scalars(r, tag)).points] as const)),
            );
            chart.setData(
              ctx.state
                .shownGroups()
                .map((g) => {
                  const members = g.runs.filter((r) => data.has(r.name));
                  return {
                    key: g.key,
                    label: g.label,
                    color: g.color,
                    members: members.map((r) => data.get(r.name)!),
                    runs: members.map((r) => r.name),
                  };
                })
                .filter((s) => s.members.length),
            );
          },
          destroy: () => chart.destroy(),
        };
      });
      return c.el;
    };

    const tv = tagView(ctx, content, linked.tag, {
      reset: () => charts.clear(),
      kind: 'scalars',
      filter: () => settings.filter,
      groups: scalarGroups,
      evidenceNote: 'charts the findings and health numbers point at',
      add: (grid, runs, tag, pinned) => grid.append(chartCard(tag, runs, pinned ? 'pinned-' : '')),
      linked: (grid, runs, tag) => {
        grid.append(chartCard(tag, runs));
        focus(chartId('scalars', tag));
      },
    });
    return tv.view;
  },
};
