/** The dashboard's views, in tab order: one module per view, registered here once. */
import { comparePanel } from './compare.js';
import { distributionsPanel } from './distributions.js';
import { findingsPanel } from './findings.js';
import { histogramsPanel } from './histograms.js';
import { hparamsPanel } from './hparams.js';
import { labelsPanel } from './labels.js';
import { overviewPanel } from './overview.js';
import { runsPanel } from './runs.js';
import { scalarsPanel } from './scalars.js';
import type { Panel } from './types.js';

export const PANELS: Panel[] = [
  overviewPanel,
  runsPanel,
  scalarsPanel,
  histogramsPanel,
  distributionsPanel,
  labelsPanel,
  findingsPanel,
  hparamsPanel,
  comparePanel,
];

const ids = new Set<string>();
for (const p of PANELS) {
  if (ids.has(p.id)) throw new Error(`duplicate panel ${p.id}`);
  ids.add(p.id);
}
