/**
 * What the doctor's rules may know about how a log was read, beside the canonical run: whether
 * the first weight records are the initialisation, and each layer's name in the log and
 * inferred fans. Plain data with no imports, so the doctor's types (and the web front end that
 * reads them) do not pull in the reading code.
 */
export interface LogFacts {
  ours: boolean;
  initial: { usable: boolean; reason: string };
  layers: { canonical: string; name: string; fanIn?: number; fanOut?: number }[];
}
