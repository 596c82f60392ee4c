import { TAGS } from '../../run/tags.js';
import { finding, lifecycle } from '../finding.js';
import { at, labels, series } from '../history.js';
import { T } from '../thresholds.js';
import type { Rule } from '../types.js';

/** Every label's logit is the same for every probe sample: the output no longer depends on the input. */
export const collapse: Rule = {
  id: 'output-collapse',
  title: 'constant output for every sample (all labels)',
  needs: ['output/spread/'],
  check(run, ctx) {
    const names = labels(run, ctx);
    if (!names.length) return [];
    const worstAt = (step: number) =>
      Math.max(...names.map((l) => at(run, TAGS.outputSpread(l), step) ?? Number.POSITIVE_INFINITY));
    const checks = series(run, TAGS.outputSpread(names[0])).map((p) => ({
      step: p.step,
      holds: worstAt(p.step) < T.spreadCollapse,
    }));
    const life = lifecycle(checks);
    if (!life) return [];
    return [
      finding(ctx, {
        id: this.id,
        severity: life.status === 'current' ? 'fatal' : 'warning',
        life,
        evidence: {
          max_logit_spread: worstAt(life.last_step),
          labels: names.length,
          threshold: T.spreadCollapse,
        },
        explanation: `Every label's logit varies by less than ${T.spreadCollapse} across the probe samples: the network outputs the same thing for every input (ROC AUC 0.5). Typically the last hidden layer is dead at inference and only the output bias is left.`,
        cause: 'unknown',
        symptom: true,
        tag: TAGS.outputSpread(names[0]),
      }),
    ];
  },
};
