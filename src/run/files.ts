/** Files in a run directory (LOGDIR/NAME/): written by train, read by eval, doctor, board, experiment, inspect. */
export const RUN_FILES = {
  meta: 'trainscope.json', // RunMeta (meta.ts): spec, config, label names, scaler, data fingerprint, seed, versions, final report
  model: 'model.onnx', // standalone: raw features in, preprocessing and weights inside (src/export)
  checkpoint: 'checkpoint.bin', // parameters + optimiser state (train/checkpoint.ts)
  checkpointMeta: 'checkpoint.json', // epoch, step, loop state, tensor layout
  doctor: 'doctor.json', // DoctorReport (absent when the run had --no-doctor)
  report: 'report.json', // final metrics report (test set, or validation when no test)
  done: 'DONE', // written last: the run finished (experiments use it to skip completed trials)
} as const;
