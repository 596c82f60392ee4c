/**
 * Fault injection for the resume tests: `TRAINSCOPE_KILL_AT=<point>` makes this process SIGKILL
 * itself when it reaches that point, so a test can kill a real run at an exact place (before
 * its first checkpoint, at a step in mid-epoch, during the final evaluation) instead of racing
 * a timer. Points: `before-first-checkpoint`, `step:<epoch>:<step in epoch>` (1-based),
 * `checkpoint-commit:<epoch>` (checkpoint.json replaced, tensors not yet moved into place),
 * `final-evaluation`. Unset, it costs one comparison.
 */
const AT = process.env.TRAINSCOPE_KILL_AT;

export function killPoint(point: string | (() => string)): void {
  if (AT === undefined) return;
  if ((typeof point === 'string' ? point : point()) === AT) process.kill(process.pid, 'SIGKILL');
}
