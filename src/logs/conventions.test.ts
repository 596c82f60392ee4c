import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UserError } from '../errors.js';
import { classifyHistogram, classifyScalar, HISTOGRAM_ROWS, SCALAR_ROWS, words } from './conventions.js';
import { formatRole, parseRole, parseRoleMap, type Split } from './roles.js';

test('every row of the table classifies its own example through itself (first match)', () => {
  for (const row of HISTOGRAM_ROWS) {
    const hit = HISTOGRAM_ROWS.find((r) => r.pattern.test(row.example));
    assert.equal(hit, row, `histogram example ${row.example} matched an earlier row`);
  }
  for (const row of SCALAR_ROWS) {
    const hit = SCALAR_ROWS.find((r) => r.pattern.test(r.raw ? row.example : words(row.example)));
    assert.equal(hit, row, `scalar example ${row.example} matched an earlier row`);
  }
});

const H: [string, string][] = [
  // PyTorch SummaryWriter over named_parameters()
  ['fc1.weight', 'weights:fc1'],
  ['fc1.bias', 'bias:fc1'],
  ['fc1.weight.grad', 'gradient:fc1'],
  ['fc1.bias.grad', 'bias-gradient:fc1'],
  ['fc1.weight/grad', 'gradient:fc1'],
  ['grads/layers.0.weight', 'gradient:layers.0'],
  ['layers.0.weight', 'weights:layers.0'],
  ['model.encoder.2.weight', 'weights:model.encoder.2'],
  ['weights/fc1.weight', 'weights:fc1'],
  ['act/fc1', 'activation:fc1'],
  ['activations/conv2', 'activation:conv2'],
  ['bn1.running_mean', 'ignore'],
  ['outputs', 'outputs'],
  ['predictions', 'outputs'],
  ['logits', 'logits'],
  // Keras 2.x callback, Keras 3 / tf.keras >= 2.13, TF1 tf.layers
  ['dense/kernel_0', 'weights:dense'],
  ['dense_1/bias_0', 'bias:dense_1'],
  ['dense/kernel_0_grad', 'gradient:dense'],
  ['dense/kernel/histogram', 'weights:dense'],
  ['dense_3/bias/histogram', 'bias:dense_3'],
  ['sequential/dense_2/kernel/histogram', 'weights:sequential/dense_2'],
  ['batch_normalization/gamma_0', 'ignore'],
  ['dense/kernel', 'weights:dense'],
  ['dense_1_out', 'activation:dense_1'],
  // TF1 tutorials and slim
  ['hidden1/weights', 'weights:hidden1'],
  ['hidden1/biases', 'bias:hidden1'],
  ['softmax_linear/weights', 'weights:softmax_linear'],
  ['hidden2/activations', 'activation:hidden2'],
  ['conv1/W', 'weights:conv1'],
  ['conv1/b', 'bias:conv1'],
  ['hidden1/gradients/weights', 'gradient:hidden1'],
  // trainscope's own
  ['layer1/weights', 'weights:layer1'],
  ['output/biases', 'bias:output'],
  ['layer2/gradients/weights', 'gradient:layer2'],
  ['layer3/activations/inference_mode', 'trainscope'],
];

test('histogram names of PyTorch, Keras 2/3, TF1 and trainscope map to their roles', () => {
  for (const [tag, role] of H) {
    const m = classifyHistogram(tag);
    assert.ok(m, `${tag} not understood`);
    assert.equal(formatRole(m.role), role, tag);
  }
});

const S: [string, Split | undefined, string][] = [
  ['loss', undefined, 'train-loss'],
  ['Loss/train', undefined, 'train-loss'],
  ['Loss/val', undefined, 'val-loss'],
  ['loss/validation', undefined, 'val-loss'],
  ['val_loss', undefined, 'val-loss'],
  ['valLoss', undefined, 'val-loss'],
  ['train_loss', 'val', 'train-loss'],
  ['epoch_loss', 'train', 'train-loss'],
  ['epoch_loss', 'val', 'val-loss'],
  ['cross_entropy', undefined, 'train-loss'],
  ['xentropy_mean', undefined, 'train-loss'],
  ['eval/xentropy_mean', undefined, 'val-loss'],
  ['epoch_binary_crossentropy', 'val', 'val-loss'],
  ['AUC/val_macro', undefined, 'val-auc-macro'],
  ['AUC/val_micro', undefined, 'val-auc-micro'],
  ['epoch_auc', 'train', 'train-auc'],
  ['epoch_auc', 'val', 'val-auc'],
  ['auc', undefined, 'val-auc'],
  ['val_auc_1', undefined, 'val-auc'],
  ['roc_auc/test', undefined, 'val-auc'],
  ['auc_precision_recall', undefined, 'val-average_precision'],
  ['epoch_binary_accuracy', 'val', 'val-accuracy'],
  ['epoch_learning_rate', 'train', 'learning-rate'],
  ['lr', undefined, 'learning-rate'],
  ['hparam/val_loss', undefined, 'ignore'],
  ['batch_loss', 'train', 'ignore'],
  ['evaluation_loss_vs_iterations', 'val', 'ignore'],
  ['loss/train', undefined, 'trainscope'],
  ['metrics/val/roc_auc_macro', undefined, 'trainscope'],
  ['layer1/weights/std_vs_glorot', undefined, 'trainscope'],
];

test('scalar names map to roles, the split from the name first, then from the directory', () => {
  for (const [tag, split, role] of S) {
    const m = classifyScalar(tag, split);
    assert.ok(m, `${tag} not understood`);
    assert.equal(formatRole(m.role), role, `${tag} in ${split ?? 'no split dir'}`);
  }
});

test('tags no row knows stay unknown (never guessed)', () => {
  assert.equal(classifyScalar('my_custom_thing', undefined), undefined);
  assert.equal(classifyScalar('output_1', undefined), undefined);
  assert.equal(classifyHistogram('embedding_projection'), undefined);
  assert.equal(classifyHistogram('fc1'), undefined);
});

test('--map roles: every role spelled by formatRole parses back; bad input is one clear error', () => {
  for (const [, role] of H.filter(([, r]) => r !== 'trainscope'))
    assert.equal(formatRole(parseRole(role, 'x')), role);
  for (const [, , role] of S.filter(([, , r]) => r !== 'trainscope'))
    assert.equal(formatRole(parseRole(role, 'x')), role);
  const m = parseRoleMap(['fc_last.weight=weights:out', 'mystery=val-loss']);
  assert.equal(formatRole(m.get('fc_last.weight')!), 'weights:out');
  assert.throws(
    () => parseRoleMap(['nonsense']),
    (e: unknown) => e instanceof UserError && /expected TAG=ROLE/.test(e.message),
  );
  assert.throws(() => parseRoleMap(['x=whatever']), /unknown role 'whatever' \(expected one of/);
  assert.throws(() => parseRoleMap(['x=val-loss', 'x=train-loss']), /given twice/);
});
