import type { Report } from '../types.js';
import { axisFor, trendSeries } from './history.js';
import type { FormatOptions } from './shared.js';

const WIDTH = 800;
const HEIGHT = 360;
const MARGIN = { top: 72, right: 40, bottom: 56, left: 56 };
/** Colour-blind-safe (Okabe–Ito), the first for all findings. */
const COLOURS = ['#000000', '#E69F00', '#56B4E9', '#009E73', '#CC79A7', '#0072B2', '#D55E00', '#F0E442', '#999999'];
/** Room an x-axis label (a date) takes, with a gap. */
const X_LABEL_WIDTH = 100;

/**
 * The trend as a standalone SVG file (`-f svg=trend.svg`), for a CI artifact or a page: one line
 * for all findings and one per kind, a legend, and each point's commit as its tooltip.
 */
export function formatSvg(report: Report, _options: FormatOptions): string {
  const points = report.history?.points ?? [];
  const open = `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="system-ui, sans-serif" font-size="12">`;
  const parts = [open, `<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`];
  parts.push(`<text x="${MARGIN.left}" y="20" font-size="15" font-weight="600">sync-check: drift by commit</text>`);
  if (points.length === 0) {
    parts.push(
      `<text x="${MARGIN.left}" y="${HEIGHT / 2}">No history in this report: run with --history N.</text>`,
      '</svg>',
    );
    return `${parts.join('\n')}\n`;
  }
  const series = trendSeries(points);
  const { top, step: tick } = axisFor(Math.max(...points.map((p) => p.findings)));
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = (i: number): number => MARGIN.left + (points.length === 1 ? plotW / 2 : (i * plotW) / (points.length - 1));
  const y = (v: number): number => MARGIN.top + plotH - (v * plotH) / top;
  const r = (n: number): string => n.toFixed(1);
  for (let v = 0; v <= top; v += tick) {
    parts.push(
      `<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${r(y(v))}" y2="${r(y(v))}" stroke="#e5e5e5"/>`,
      `<text x="${MARGIN.left - 8}" y="${r(y(v) + 4)}" text-anchor="end">${v}</text>`,
    );
  }
  // Evenly spaced labels, the first and the last included, each a label's width from the next.
  const labels = Math.min(Math.floor(plotW / X_LABEL_WIDTH), points.length);
  const labelled = new Set(
    Array.from({ length: labels }, (_, k) => Math.round((k * (points.length - 1)) / Math.max(1, labels - 1))),
  );
  for (const i of labelled) {
    const p = points[i]!;
    const anchor = 'middle';
    parts.push(
      `<text x="${r(x(i))}" y="${HEIGHT - MARGIN.bottom + 18}" text-anchor="${anchor}">${p.date.slice(0, 10)}</text>`,
      `<text x="${r(x(i))}" y="${HEIGHT - MARGIN.bottom + 32}" text-anchor="${anchor}" fill="#666" font-family="ui-monospace, monospace">${p.commit.slice(0, 7)}</text>`,
    );
  }
  parts.push(
    `<text x="16" y="${MARGIN.top + plotH / 2}" transform="rotate(-90 16 ${MARGIN.top + plotH / 2})" text-anchor="middle">findings</text>`,
  );
  let legendX = MARGIN.left;
  let legendY = 42;
  series.forEach((s, k) => {
    const colour = COLOURS[k % COLOURS.length]!;
    const width = k === 0 ? 2.5 : 1.5;
    const coords = s.values.map((v, i) => `${r(x(i))},${r(y(v))}`).join(' ');
    parts.push(`<polyline fill="none" stroke="${colour}" stroke-width="${width}" points="${coords}"/>`);
    s.values.forEach((v, i) => {
      const p = points[i]!;
      const tip = `${p.commit.slice(0, 7)} ${p.date.slice(0, 10)}: ${v} ${s.name}${p.checked ? '' : ' (not checked)'} (${p.summary})`;
      parts.push(
        `<circle cx="${r(x(i))}" cy="${r(y(v))}" r="${k === 0 ? 3 : 2}" fill="${colour}"><title>${xml(tip)}</title></circle>`,
      );
    });
    const span = 30 + 7 * s.name.length;
    if (legendX + span > WIDTH - MARGIN.right) [legendX, legendY] = [MARGIN.left, legendY + 16];
    parts.push(
      `<line x1="${legendX}" x2="${legendX + 18}" y1="${legendY}" y2="${legendY}" stroke="${colour}" stroke-width="${width}"/>`,
      `<text x="${legendX + 22}" y="${legendY + 4}">${xml(s.name)}</text>`,
    );
    legendX += span;
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

/** Text for XML: markup characters escaped, control characters (never valid in XML 1.0) dropped. */
function xml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffe\uffff]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}
