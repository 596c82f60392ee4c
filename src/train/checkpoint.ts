import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Tensor32 } from '../engine/types.js';
import { UserError } from '../errors.js';
import { RUN_FILES } from '../run/files.js';

/**
 * A checkpoint is two files: `checkpoint.bin` holds every tensor back to back (float32, little
 * endian) and `checkpoint.json` their names, shapes and offsets plus the loop's position.
 * Both are written to a temporary name and renamed, so a kill mid-write leaves the previous one.
 */
export interface CheckpointMeta {
  epoch: number;
  step: number;
  bestValLoss: number | null;
  epochsWithoutImprovement: number;
  params: { name: string; shape: number[]; offset: number }[];
  slots: { name: string; shape: number[]; offset: number }[];
}

export interface Checkpoint {
  meta: CheckpointMeta;
  params: Tensor32[];
  slots: Tensor32[];
}

function layout(
  tensors: Tensor32[],
  start: number,
): { entries: { name: string; shape: number[]; offset: number }[]; end: number } {
  let offset = start;
  const entries = tensors.map((t) => {
    const e = { name: t.name, shape: t.shape, offset };
    offset += t.data.length;
    return e;
  });
  return { entries, end: offset };
}

export function saveCheckpoint(
  runDir: string,
  loop: Omit<CheckpointMeta, 'params' | 'slots'>,
  params: Tensor32[],
  slots: Tensor32[],
): void {
  const p = layout(params, 0);
  const s = layout(slots, p.end);
  const all = new Float32Array(s.end);
  for (const [t, e] of [
    ...params.map((t, i) => [t, p.entries[i]] as const),
    ...slots.map((t, i) => [t, s.entries[i]] as const),
  ]) {
    all.set(t.data, e.offset);
  }
  const meta: CheckpointMeta = { ...loop, params: p.entries, slots: s.entries };
  const bin = join(runDir, RUN_FILES.checkpoint);
  const json = join(runDir, RUN_FILES.checkpointMeta);
  writeFileSync(`${bin}.tmp`, Buffer.from(all.buffer, all.byteOffset, all.byteLength));
  writeFileSync(`${json}.tmp`, JSON.stringify(meta, null, 1));
  renameSync(`${bin}.tmp`, bin);
  renameSync(`${json}.tmp`, json);
}

export function loadCheckpoint(runDir: string): Checkpoint {
  const json = join(runDir, RUN_FILES.checkpointMeta);
  const bin = join(runDir, RUN_FILES.checkpoint);
  if (!existsSync(json) || !existsSync(bin)) {
    throw new UserError(
      `${runDir}: no checkpoint to resume from (${RUN_FILES.checkpointMeta} and ${RUN_FILES.checkpoint} expected)`,
    );
  }
  let meta: CheckpointMeta;
  try {
    meta = JSON.parse(readFileSync(json, 'utf8'));
  } catch (e) {
    throw new UserError(`${json}: not valid JSON (${(e as Error).message})`);
  }
  const buf = readFileSync(bin);
  const all = new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
  const take = (entries: CheckpointMeta['params']): Tensor32[] =>
    entries.map((e) => {
      const size = e.shape.reduce((a, b) => a * b, 1);
      if (e.offset + size > all.length)
        throw new UserError(`${bin}: truncated (tensor '${e.name}' ends past the file)`);
      return { name: e.name, shape: e.shape, data: all.slice(e.offset, e.offset + size) };
    });
  return { meta, params: take(meta.params), slots: take(meta.slots) };
}
