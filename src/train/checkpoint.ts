import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { Tensor32 } from '../engine/types.js';
import { asFsUserError, UserError } from '../errors.js';
import { crc32c } from '../events/crc32c.js';
import { writeFileAtomic } from '../run/atomic-write.js';
import { RUN_FILES } from '../run/files.js';
import { killPoint } from '../run/kill-point.js';
import { readJsonFile } from '../run/read-json.js';

/**
 * A checkpoint is two files: `checkpoint.bin` holds every tensor back to back (float32, little
 * endian) and `checkpoint.json` their names, shapes and offsets, the loop's position and what
 * the callbacks need to continue exactly. It is only written at consistent points (the start
 * and the end of an epoch, after the event file is flushed).
 *
 * The pair changes together: the new tensors go to `checkpoint.bin.next`, then checkpoint.json
 * is replaced atomically (the commit point; it holds the tensors' CRC-32C), then the .next file
 * is renamed into place. A process killed between the last two steps leaves a json that matches
 * the .next file: loading finishes the rename. Any earlier kill leaves the previous pair intact.
 */
const Entry = z.object({
  name: z.string(),
  shape: z.array(z.number().int().min(0)),
  offset: z.number().int(),
});

export const CheckpointMetaSchema = z.object({
  /** Epochs completed. */
  epoch: z.number().int().min(0),
  step: z.number().int().min(0),
  /** Set when a callback had ended training at this epoch (the run only needs its final evaluation). */
  stop: z
    .object({ kind: z.enum(['early-stop', 'doctor', 'interrupted']), reason: z.string() })
    .nullable()
    .default(null),
  /** Each callback's saved state, by callback name. */
  callbacks: z.record(z.string(), z.unknown()).default({}),
  params: z.array(Entry),
  slots: z.array(Entry),
  /** Size and CRC-32C of checkpoint.bin. */
  bytes: z.number().int().min(0),
  crc32c: z.number().int(),
});
export type CheckpointMeta = z.output<typeof CheckpointMetaSchema>;
export type CheckpointPosition = Pick<CheckpointMeta, 'epoch' | 'step' | 'stop' | 'callbacks'>;

export interface Checkpoint {
  meta: CheckpointMeta;
  params: Tensor32[];
  slots: Tensor32[];
}

function layout(tensors: Tensor32[], start: number) {
  let offset = start;
  const entries = tensors.map((t) => {
    const e = { name: t.name, shape: t.shape, offset };
    offset += t.data.length;
    return e;
  });
  return { entries, end: offset };
}

export function hasCheckpoint(runDir: string): boolean {
  return existsSync(join(runDir, RUN_FILES.checkpointMeta));
}

/** Where the checkpoint stands (epochs done, step), without reading its tensors. */
export function readCheckpointPosition(runDir: string): Pick<CheckpointMeta, 'epoch' | 'step'> {
  const m = readJsonFile(join(runDir, RUN_FILES.checkpointMeta), CheckpointMetaSchema);
  return { epoch: m.epoch, step: m.step };
}

export function saveCheckpoint(
  runDir: string,
  at: CheckpointPosition,
  params: Tensor32[],
  slots: Tensor32[],
): void {
  const p = layout(params, 0);
  const s = layout(slots, p.end);
  const all = new Float32Array(s.end);
  params.forEach((t, i) => {
    all.set(t.data, p.entries[i].offset);
  });
  slots.forEach((t, i) => {
    all.set(t.data, s.entries[i].offset);
  });
  const bytes = new Uint8Array(all.buffer, all.byteOffset, all.byteLength);
  const bin = join(runDir, RUN_FILES.checkpoint);
  const meta: CheckpointMeta = {
    ...at,
    params: p.entries,
    slots: s.entries,
    bytes: bytes.length,
    crc32c: crc32c(bytes),
  };
  try {
    writeFileSync(`${bin}.next`, bytes);
  } catch (e) {
    rmSync(`${bin}.next`, { force: true });
    throw asFsUserError(e, `${bin}.next`, 'write');
  }
  try {
    writeFileAtomic(join(runDir, RUN_FILES.checkpointMeta), JSON.stringify(meta, null, 1));
  } catch (e) {
    // Not committed: the previous pair stands; the new tensors are of no use (and take space).
    rmSync(`${bin}.next`, { force: true });
    throw e;
  }
  killPoint(() => `checkpoint-commit:${at.epoch}`);
  renameSync(`${bin}.next`, bin);
}

function matches(path: string, meta: CheckpointMeta): Buffer | null {
  if (!existsSync(path)) return null;
  const buf = readFileSync(path);
  return buf.length === meta.bytes && crc32c(buf) === meta.crc32c ? buf : null;
}

export function loadCheckpoint(runDir: string): Checkpoint {
  const json = join(runDir, RUN_FILES.checkpointMeta);
  const bin = join(runDir, RUN_FILES.checkpoint);
  if (!existsSync(json))
    throw new UserError(`${runDir}: no checkpoint to resume from (${RUN_FILES.checkpointMeta})`);
  const meta = readJsonFile(json, CheckpointMetaSchema);
  let buf = matches(bin, meta);
  if (!buf) {
    // Killed between committing checkpoint.json and moving the tensors into place: finish the move.
    buf = matches(`${bin}.next`, meta);
    if (buf) renameSync(`${bin}.next`, bin);
  }
  if (!buf) {
    throw new UserError(
      `${bin}: does not match ${RUN_FILES.checkpointMeta} (size or CRC differs; the checkpoint is damaged)`,
    );
  }
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
