import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EventType, HParamsPluginDataType } from '../../events/proto.js';
import { scanRecords } from '../../events/tfrecord.js';

/** Every hparams plugin record of the event files directly in dir, decoded. */
export function hparamsRecords(dir: string): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const f of readdirSync(dir).filter((n) => n.includes('tfevents'))) {
    const buf = readFileSync(join(dir, f));
    scanRecords(buf, 0, {
      record(start, stop) {
        const ev = EventType.toObject(EventType.decode(buf.subarray(start, stop)), { defaults: false }) as {
          summary?: {
            value?: { metadata?: { plugin_data?: { plugin_name?: string; content?: Uint8Array } } }[];
          };
        };
        for (const v of ev.summary?.value ?? []) {
          const pd = v.metadata?.plugin_data;
          if (pd?.plugin_name === 'hparams' && pd.content)
            out.push(HParamsPluginDataType.toObject(HParamsPluginDataType.decode(pd.content)));
        }
      },
      corrupt() {},
    });
  }
  return out;
}

/** Which hparams records the event files in dir hold (experiment, session_start_info, …), in order. */
export function hparamsKinds(dir: string): string[] {
  return hparamsRecords(dir).flatMap((r) => Object.keys(r).filter((k) => k !== 'version'));
}
