/** "step 3,993 (epoch 24 of 40)": when something first held, in the words the board and report use. */
export interface EpochClock {
  stepsPerEpoch?: number;
  epochs?: number;
}

export function sinceText(step: number, clock: EpochClock = {}): string {
  if (step === 0) return 'step 0, before the first update';
  const s = `step ${step.toLocaleString('en')}`;
  if (!clock.stepsPerEpoch) return s;
  const epoch = Math.ceil(step / clock.stepsPerEpoch);
  return `${s} (epoch ${epoch}${clock.epochs ? ` of ${clock.epochs}` : ''})`;
}
